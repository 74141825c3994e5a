"""Wrong: logs at ERROR with stack_info=True instead of exc_info, which attaches the current call stack, not the exception, so record.exc_info is None and the real traceback is lost."""

import functools
import logging

logger = logging.getLogger(__name__)


def safe_run(func):
    """Make `func` safe to run fire-and-forget on a pool.

    The contract the rest of the shop relies on:

    * When func returns, the wrapper returns the same value and logs nothing.
    * When func raises an Exception, the wrapper logs it exactly once, through this
      module's `logger`, at ERROR level, with the exception and its traceback attached
      to the log record (as `logger.exception` does), in a message that names the job
      (`func.__name__`). Then it returns None; it never re-raises.
    * The wrapper looks like func to every tool: the same __name__, __qualname__,
      __doc__ and __module__, and __wrapped__ is func (what functools.wraps does).
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            logger.error("side job %s failed: %r", func.__name__, exc, stack_info=True)
            return None

    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
