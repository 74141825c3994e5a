"""Wrong: prints the traceback with traceback.print_exc instead of logging it."""
import functools
import logging
import sys

logger = logging.getLogger(__name__)

import traceback


def safe_run(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            print(f"job {func.__name__} failed")
            traceback.print_exc()
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
