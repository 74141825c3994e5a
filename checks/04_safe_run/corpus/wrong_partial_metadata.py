"""Wrong: copies only __name__ and __doc__ by hand instead of functools.wraps, so __qualname__, __module__ and __wrapped__ are the wrapper's."""

import logging

logger = logging.getLogger(__name__)


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool (see the shop's contract)."""

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.exception("side job %s failed", func.__name__)
            return None

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
