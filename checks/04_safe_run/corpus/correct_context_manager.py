"""Correct: a contextmanager logs and suppresses the job's exception (logger.exception in its except); functools.wraps on the wrapper."""

import contextlib
import functools
import logging

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _logged_failure(job_name):
    try:
        yield
    except Exception:
        logger.exception("side job %s failed", job_name)  # not re-raised: suppressed


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool (see the shop's contract)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _logged_failure(func.__name__):
            return func(*args, **kwargs)
        return None  # reached only when the job raised

    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
