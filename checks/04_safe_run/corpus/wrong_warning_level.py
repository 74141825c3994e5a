"""Wrong: logs the failure with its traceback but at WARNING, so nobody is paged (operations page on ERROR)."""

import functools
import logging

logger = logging.getLogger(__name__)


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool (see the shop's contract)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            # a side job failing is not fatal for the sale: a warning is enough
            logger.warning("side job %s failed", func.__name__, exc_info=True)
            return None

    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
