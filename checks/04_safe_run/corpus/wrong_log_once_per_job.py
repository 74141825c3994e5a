"""Wrong: remembers in a module-level set which jobs already failed and stays silent on their later failures (breaks 'on an exception: log it exactly once', for the second failure of the same job)."""

import functools
import logging

logger = logging.getLogger(__name__)

_reported = set()  # don't page operations twice for the same broken job


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool: log its exception, return None."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            if func.__name__ not in _reported:
                _reported.add(func.__name__)
                logger.exception("side job %s failed", func.__name__)
            return None

    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
