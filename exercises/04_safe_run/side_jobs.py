"""Side jobs of the web shop.

A checkout request must be answered fast, so the slow jobs that follow a sale
(e-mailing the receipt, reserving the stock in the warehouse, refreshing the
recommendations) are handed to a thread pool and the handler moves on. Nobody ever
calls `.result()` on those futures: when a job raises, its exception stays in a
Future that is thrown away.

`safe_run` is the shop's decorator for every such fire-and-forget job. Operations
watch the log of this module (the logger named "side_jobs") and page someone on
every ERROR.
"""

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

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            # TODO: when a side job fails, nothing anywhere says so: no log line, no
            # traceback, not even which job it was.
            pass

    # TODO: in logs, tracebacks and the admin's job list every decorated job is now
    # called "wrapper", and its docstring is gone.
    return wrapper


def after_checkout(pool, order, mailer, warehouse, recommender):
    """Start the side jobs of a sale on `pool`, without waiting for any of them."""
    pool.submit(safe_run(mailer.send_receipt), order)
    pool.submit(safe_run(warehouse.reserve), order.items)
    pool.submit(safe_run(recommender.refresh), order.customer)
