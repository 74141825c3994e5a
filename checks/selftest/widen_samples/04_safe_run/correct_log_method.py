"""Correct: logger.log(logging.ERROR, ...) with exc_info=sys.exc_info()."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)


def safe_run(func):
    name = func.__name__

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
        except Exception:
            logger.log(logging.ERROR, "fire-and-forget job %r raised", name, exc_info=sys.exc_info())
            return None
        return result
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
