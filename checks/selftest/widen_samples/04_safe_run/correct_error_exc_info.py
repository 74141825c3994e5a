"""Correct: logger.error with exc_info=True inside the except block, %-style message naming the job."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)


def safe_run(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.error("job %s failed", func.__name__, exc_info=True)
            return None
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
