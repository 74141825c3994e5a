"""Correct: a callable class; functools.update_wrapper copies the job's metadata onto the instance, __call__ logs with logger.exception, __get__ binds methods."""

import functools
import logging
import types

logger = logging.getLogger(__name__)


class _SafeJob:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self._func = func

    def __call__(self, *args, **kwargs):
        try:
            return self._func(*args, **kwargs)
        except Exception:
            logger.exception("side job %s failed", self._func.__name__)
            return None

    def __get__(self, instance, owner=None):
        # so that @safe_run also works on methods: bind like a function would
        if instance is None:
            return self
        return types.MethodType(self, instance)


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool (see the shop's contract)."""
    return _SafeJob(func)


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
