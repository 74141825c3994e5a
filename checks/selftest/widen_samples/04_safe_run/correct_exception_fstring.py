"""Correct: logger.exception with an f-string naming the job; wraps as a decorator factory call."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)


def safe_run(func):
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.exception(f"{func.__name__} failed")
    return functools.wraps(func)(wrapper)


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
