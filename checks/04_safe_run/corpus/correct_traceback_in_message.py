"""Correct: formats the traceback into the message too, but still attaches exc_info; ERROR via logger.exception, once."""

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
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            logger.exception(
                "side job %s failed at %s:%s", func.__name__, where.filename, where.lineno
            )
        return None

    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
