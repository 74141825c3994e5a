"""Correct: safe_run returns an instance of a small callable class that copies func's metadata with functools.update_wrapper, supports method binding via __get__, and logs once with logger.exception before returning None."""

import functools
import logging
import types

logger = logging.getLogger(__name__)


class _SafeJob:
    """Callable stand-in for a fire-and-forget job; see safe_run."""

    def __init__(self, func):
        functools.update_wrapper(self, func)
        self._func = func

    def __call__(self, *args, **kwargs):
        try:
            return self._func(*args, **kwargs)
        except Exception:
            logger.exception("side job %s failed", getattr(self, "__name__", repr(self._func)))
            return None

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return types.MethodType(self, instance)


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
    return _SafeJob(func)


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
