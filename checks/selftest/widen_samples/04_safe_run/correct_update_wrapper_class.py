"""Correct: a class-based decorator with functools.update_wrapper, logging with exc_info=the exception."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)


class _SafeJob:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self._func = func

    def __call__(self, *args, **kwargs):
        try:
            return self._func(*args, **kwargs)
        except Exception as exc:
            logger.error(f"side job {self._func.__name__} failed: {exc}", exc_info=exc)
            return None


def safe_run(func):
    return _SafeJob(func)


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
