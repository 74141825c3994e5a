"""Checks for lesson 04: the @safe_run decorator for fire-and-forget jobs.

Log records are read with pytest's `caplog` (a handler on the root logger, so it
also receives records emitted in pool threads), at every level from DEBUG up: the
contract says a job that succeeds logs nothing, not merely no warning. Anything
printed is read with `capsys`, only to tell a learner who printed instead of logging
what happened.
"""

import logging
import random
import threading
from concurrent.futures import ThreadPoolExecutor

from kata import plugin
from kata.teach import explain

JOB_NAMES = ("reserve_stock", "refresh_recommendations", "send_invoice", "notify_courier",
             "update_loyalty_points", "sync_search_index", "archive_cart", "charge_gift_wrap")
# Jobs fail in more than one way: a wrapper that catches one kind misses the others.
# Each message carries its own request number (never the job's name, which the wrapper
# must add itself), so that two failures never log the same text.
FAILURES = (
    lambda ref: JobFailed(f"warehouse API answered 503 to request {ref}"),
    lambda ref: TimeoutError(f"recommender timed out on request {ref}"),
    lambda ref: KeyError(f"customer {ref} has no loyalty account"),
    lambda ref: ConnectionResetError(f"courier API dropped request {ref}"),
    lambda ref: ValueError(f"order {ref} has a negative total"),
)


class JobFailed(Exception):
    """What the check's jobs raise."""


class Order:
    def __init__(self, number):
        self.number = number

    def __repr__(self):
        return f"Order({self.number})"


def send_receipt(order, *, copy_to=None):
    """E-mail the receipt of `order` to the customer."""
    return ("receipt sent", order, copy_to)


def make_failing_job(name, error, *later_errors):
    """A job called `name` that raises `error`, as a module-level function would (and
    `later_errors`, one per later call, when given)."""
    errors = [error, *later_errors]

    def job(order):
        raise errors.pop(0) if len(errors) > 1 else errors[0]

    job.__name__ = job.__qualname__ = name
    job.__doc__ = f"The {name.replace('_', ' ')} side job."
    return job


def warnings_and_worse(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def capture_every_level(caplog):
    """Capture DEBUG and INFO records too (the root logger and caplog's handler only
    pass WARNING and above by default); caplog restores the levels after the check."""
    caplog.set_level(logging.DEBUG)


def describe_records(records):
    return "; ".join(f"{r.levelname} from {r.name!r}: {r.getMessage()[:80]}" for r in records)


def frames_of(traceback):
    codes = []
    while traceback is not None:
        codes.append(traceback.tb_frame.f_code)
        traceback = traceback.tb_next
    return codes


def explain_unformattable(name, error, msg):
    explain(
        f"The failure of {name} was logged with a message logging cannot build: "
        f"{type(error).__name__}: {error}. The exception's text was pasted into the "
        f"format string ({msg!r}) and it contains a '%'. Pass values as arguments "
        "instead (logger.exception(\"job %s failed: %s\", name, exc)): the text of an "
        "exception is data, never part of the format.",
        expected="a message that logging can format",
        got=repr(msg)[:300],
    )


def require_formattable(records, name):
    """Every record's message can be built: a `%` from the exception's text pasted into
    the format string makes logging fail to build it (and print 'Logging error')."""
    for record in records:
        try:
            record.getMessage()
        except Exception as exc:  # noqa: BLE001 - the learner's format string, reported
            explain_unformattable(name, exc, record.msg)


def require_logged_once(learner, caplog, capsys, job, error, where):
    """Exactly one ERROR record through the module's logger, carrying `error` with its
    traceback, in a message naming the job."""
    name = job.__name__
    records = warnings_and_worse(caplog)
    require_formattable(records, name)
    carrying = [r for r in records if r.exc_info and r.exc_info[1] is error]
    about = [r for r in records
             if (r.exc_info and r.exc_info[1] is error) or name in r.getMessage()
             or str(error) in r.getMessage()]
    if not about:
        printed = capsys.readouterr()
        if name in printed.out + printed.err or str(error) in printed.out + printed.err:
            explain(
                f"The job {name} failed {where}, and the failure was printed, not logged. "
                "Operations read the log of this module (and get paged on ERROR); a print "
                "to stdout/stderr reaches neither, and carries no level.",
                expected=f"one ERROR record from the logger {learner.logger.name!r}",
                got="no log record; the traceback was printed",
            )
        explain(
            f"The job {name} raised {error!r} {where}, and nothing was logged: the "
            "failure vanished without a trace. With fire-and-forget jobs nobody calls "
            "future.result(), so the decorator is the only place that can report it.",
            expected=f"one ERROR record from the logger {learner.logger.name!r}, with the traceback",
            got="no log record",
        )
    if len(about) > 1:
        explain(
            f"The failure of {name} was logged {len(about)} times. Log it exactly once, "
            "in one record that carries the traceback: every extra record is another "
            "page for whoever is on call.",
            expected="1 record",
            got="; ".join(f"{r.levelname}: {r.getMessage()[:80]}" for r in about),
        )
    record = about[0]
    if not carrying:
        if "Traceback" in record.getMessage():
            happened = (
                f"The failure of {name} was logged with the traceback pasted into the "
                "message text. The record itself carries no exception (exc_info), so "
                "handlers that group, format or forward exceptions cannot see it."
            )
        else:
            happened = (
                f"The failure of {name} was logged without its traceback: only "
                f"{record.getMessage()!r}. Without the traceback nobody can tell where "
                "in the job it broke."
            )
        explain(
            happened + " logger.exception(...) inside the except block (or "
            "logger.error(..., exc_info=True)) attaches the exception and its traceback "
            "to the record.",
            expected=f"a record with exc_info carrying {error!r}",
            got=f"{record.levelname} record, exc_info={record.exc_info!r}",
        )
    if record.levelno != logging.ERROR:
        explain(
            f"The failure of {name} was logged at {record.levelname}. The shop's "
            "contract is ERROR (what logger.exception uses): operations page on ERROR.",
            expected="level ERROR",
            got=record.levelname,
        )
    if job.__code__ not in frames_of(record.exc_info[2]):
        explain(
            f"The record of {name}'s failure carries the exception, but not a traceback "
            "that reaches into the job, so it does not show where the job broke.",
            expected=f"a traceback through {name}",
            got=repr(record.exc_info),
        )
    if name not in record.getMessage():
        explain(
            f"The failure of {name} was logged with its traceback, but the message does "
            "not name that job. Put the name of the job that failed (func.__name__ of the "
            "function this wrapper wraps) in the message.",
            expected=f"a message naming {name!r}",
            got=repr(record.getMessage()),
        )
    logger_name = learner.logger.name
    if record.name != logger_name and not record.name.startswith(logger_name + "."):
        explain(
            "The failure was logged, but not through this module's `logger`. "
            f"Operations configure and watch the logger {logger_name!r}; a record sent "
            f"to {record.name!r} (logging.exception() uses the root logger) does not "
            "reach them.",
            expected=f"a record from the logger {logger_name!r}",
            got=f"a record from {record.name!r}",
        )


def check_success_untouched(learner, caplog):
    """A job that succeeds: its return value (falsy ones too) comes back, and nothing is logged"""
    capture_every_level(caplog)
    calls = []
    value = random.Random(plugin.RUN.repetition).choice(
        [None, 0, "", [], False, "receipt sent", {"sent": True}])

    def job(order, *, copy_to=None):
        calls.append((order, copy_to))
        return send_receipt(order, copy_to=copy_to) + (value,)

    order = Order(1001)
    result = learner.safe_run(job)(order, copy_to="accounting@shop.example")
    expected = send_receipt(order, copy_to="accounting@shop.example") + (value,)
    for falsy in (0, "", [], False, 0.0):
        bare = learner.safe_run(lambda: falsy)()
        if bare != falsy or type(bare) is not type(falsy):
            explain(
                "A job that succeeds must give its return value back unchanged, also a "
                "falsy one: the wrapper returns what the job returned.",
                expected=repr(falsy),
                got=repr(bare),
            )
    if calls != [(order, "accounting@shop.example")]:
        explain(
            "The wrapper must call the job once, with the positional and keyword "
            "arguments it was given.",
            expected=[(order, "accounting@shop.example")],
            got=calls,
        )
    if result != expected:
        explain(
            "A job that succeeds must give its return value back unchanged: the "
            "wrapper returns what the job returned.",
            expected=repr(expected),
            got=repr(result),
        )
    noise = list(caplog.records)
    if noise:
        explain(
            f"Jobs that succeeded were logged: {len(noise)} record(s), although the "
            "contract says a job that returns logs nothing, at any level. Only failures "
            "are logged; a line for every successful job (even at INFO or DEBUG, which "
            "operations may switch on) buries the real ones and costs on every call.",
            expected="no log record for a job that succeeded",
            got=describe_records(noise),
        )


def check_failure_logged_once_with_traceback(learner, caplog, capsys):
    """A job that fails is logged once, at ERROR, with its traceback and its name, and returns None; failing again (a '%' in its message), it is logged again"""
    rng = random.Random(plugin.RUN.repetition)
    name = rng.choice(JOB_NAMES)
    error = rng.choice(FAILURES)(rng.randint(1000, 9999))
    again = JobFailed(f"quota 100% used: request {rng.randint(1000, 9999)} refused")
    job = make_failing_job(name, error, again)
    wrapped = learner.safe_run(job)
    try:
        result = wrapped(Order(1002))
    except type(error) as raised:
        logged = " It was logged first, so the same failure now shows up twice for a " \
            "caller that also handles it." if warnings_and_worse(caplog) else ""
        explain(
            f"safe_run re-raised the job's exception ({raised!r}).{logged} On a pool "
            "nobody reads the Future, so a re-raised exception is simply lost there. "
            "The contract: log it, then return None.",
            expected="the wrapper returns None after logging",
            got=f"{type(raised).__name__} raised",
        )
    require_logged_once(learner, caplog, capsys, job, error, "when called directly")
    if result is not None:
        explain(
            "After logging a failure, the wrapper must return None (the documented "
            "contract), so callers can tell that the job produced nothing.",
            expected=None,
            got=repr(result),
        )
    # The same job fails again, with a message that holds a '%': every failure is
    # logged, each once, and an exception's text is data, not part of a format string.
    caplog.clear()
    try:
        wrapped(Order(1003))
    except Exception as exc:  # noqa: BLE001 - logging's own error, from the learner's format string
        if not any(code.co_name == "getMessage" for code in frames_of(exc.__traceback__)):
            raise
        explain_unformattable(name, exc, getattr(caplog.records[-1], "msg", "?") if caplog.records else "?")
    require_logged_once(learner, caplog, capsys, job, again, "a second time")


class Courier:
    def notify(self, order):
        """Tell the courier that `order` is ready for pick-up."""
        return ("courier notified", order)


def check_metadata_kept(learner):
    """The decorated job keeps its name, qualified name, docstring and __wrapped__ (a function, and a method)"""
    for job in (send_receipt, Courier.notify):  # a method's __qualname__ is 'Courier.notify'
        wrapped = learner.safe_run(job)
        wrong = {}
        for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
            if getattr(wrapped, attribute, None) != getattr(job, attribute):
                wrong[attribute] = getattr(wrapped, attribute, None)
        if getattr(wrapped, "__wrapped__", None) is not job:
            wrong["__wrapped__"] = getattr(wrapped, "__wrapped__", None)
        if wrong:
            explain(
                f"The decorated job {job.__qualname__} no longer looks like the job: logs, "
                "tracebacks, the admin's job list and help() show the wrapper instead. "
                "functools.wraps(func) on the inner function copies __name__, __qualname__ "
                "(for a method, 'Class.method', not just its name), __doc__ and __module__ "
                "and sets __wrapped__ (which inspect.signature and unwrapping tools follow).",
                expected={"__name__": job.__name__, "__qualname__": job.__qualname__,
                          "__doc__": job.__doc__, "__wrapped__": f"{job.__qualname__} itself"},
                got=wrong,
            )


def check_fire_and_forget_on_a_pool(learner, caplog, capsys):
    """Jobs on a small pool whose results nobody reads: each failure is logged exactly once, under its own job's name"""
    capture_every_level(caplog)
    rng = random.Random(plugin.RUN.repetition)
    names = rng.sample(JOB_NAMES, rng.randint(4, len(JOB_NAMES)))
    failing = rng.sample(names, rng.randint(2, len(names) - 1))
    errors = {name: rng.choice(FAILURES)(1000 + number) for number, name in enumerate(failing)}
    ran = []
    ran_lock = threading.Lock()

    def succeeding(name):
        def job(order):
            with ran_lock:
                ran.append(name)
            return f"{name} done for {order!r}"

        job.__name__ = job.__qualname__ = name
        return job

    jobs = [make_failing_job(name, errors[name]) if name in errors else succeeding(name)
            for name in names]
    # Every job is decorated first, then all are submitted: a wrapper that remembers
    # "the job" anywhere but in its own closure logs the wrong name.
    wrapped = [learner.safe_run(job) for job in jobs]
    pool = ThreadPoolExecutor(max_workers=rng.randint(1, 3))
    futures = [pool.submit(wrapper, Order(1003)) for wrapper in wrapped]
    pool.shutdown(wait=True)  # every job has finished; no result() is ever called

    succeeded = sorted(name for name in names if name not in errors)
    if sorted(ran) != succeeded:
        explain("Not every job ran on the pool, or some ran more than once.",
                expected=f"{succeeded} ran once each", got=sorted(ran))
    for job in jobs:
        if job.__name__ not in errors:
            continue
        error = errors[job.__name__]
        future = futures[jobs.index(job)]
        if future.exception() is error and not warnings_and_worse(caplog):
            explain(
                f"The job {job.__name__} failed on the pool, and nothing was logged: the "
                "wrapper let the exception escape into the Future, and nobody ever calls "
                "result() on a fire-and-forget Future. The exception is lost there.",
                expected=f"one ERROR record from the logger {learner.logger.name!r}",
                got="no log record; the exception sits unread in the Future",
            )
        require_logged_once(learner, caplog, capsys, job, error, "on the pool")
    failures = {id(error) for error in errors.values()}
    noise = [r for r in caplog.records
             if not (r.exc_info and id(r.exc_info[1]) in failures)]
    if noise:
        explain(
            "Besides one record per failed job, something else was logged (at any level "
            "from DEBUG up). Successful jobs log nothing, and each failure is one record.",
            expected=f"{len(errors)} records, one per failed job",
            got=describe_records(noise),
        )
