"""Wrong: logs correctly but copies only __name__ by hand, losing __qualname__, __doc__ and __wrapped__."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)


def safe_run(func):
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.exception("job %s failed", func.__name__)
    wrapper.__name__ = func.__name__
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
