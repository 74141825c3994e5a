"""Wrong: logs the failure, then re-raises it into the Future nobody reads."""
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
            logger.exception("job %s failed", func.__name__)
            raise
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
