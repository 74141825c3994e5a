"""Wrong: traceback.print_exc() prints to stderr, bypassing the side_jobs logger, so operations never see an ERROR record."""

import functools
import logging
import traceback

logger = logging.getLogger(__name__)


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool (see the shop's contract)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            print(f"side job {func.__name__} failed:")
            traceback.print_exc()
            return None

    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
