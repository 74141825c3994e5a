"""Wrong: logger.error(str(exc)) keeps the message but drops the traceback."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)


def safe_run(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            logger.error("job %s failed: %s", func.__name__, exc)
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
