"""Wrong: remembers the decorated job in a module-level variable, so every failure is logged under the last job's name."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)

_job_name = None


def safe_run(func):
    global _job_name
    _job_name = func.__name__

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.exception("job %s failed", _job_name)
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
