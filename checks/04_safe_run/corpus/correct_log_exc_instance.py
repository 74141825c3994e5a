"""Correct: logger.log(ERROR, ..., exc_info=exc) passes the exception object itself; metadata copied with functools.update_wrapper."""

import functools
import logging

logger = logging.getLogger(__name__)


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool (see the shop's contract)."""

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            logger.log(logging.ERROR, "job %r failed", func.__name__, exc_info=exc)
        return None

    functools.update_wrapper(wrapper, func)
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
