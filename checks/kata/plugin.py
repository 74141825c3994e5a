"""The pytest plugin that runs inside the grading subprocess of one lesson.

It gives the checks the learner's module (`learner` fixture, `load_learner()`), turns
whatever happens into a verdict record in the learner's terms, and writes those records
to a results file that only the trusted runner reads. pytest's own exit status is never
used: a check counts only when this plugin saw it pass.

A lesson may be graded by several such processes at once (see kata.runner): each is
given the same folder of claims (--kata-claims) and runs the checks it claims there
first, a check at a time (its repetitions in turn, with the checks it needs_passing),
the others from opposite ends of the plan. A failure is noted there too, so no
process runs a repetition after the first one that failed; the runner puts their
records together as one process would have written them.

Records (JSON lines, each numbered and signed by kata.guard, which checks who asks):
  plan    - every check the lesson has and how many items (repetitions) each runs;
            written before any learner code is imported
  start   - an item is about to run (tells which check was running if the process dies)
  outcome - one per finished item: passed / failed / skipped / timeout / broken
  end     - the session finished normally
"""

import importlib
import importlib.machinery
import importlib.util
import math
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from kata import guard, host, thread_hooks
from kata.teach import LearnerCodeBroken, LessonFailure

TIMEOUT_PREFIX = "Timeout (>"  # pytest-timeout's failure message
PYTEST_OUTCOMES = (pytest.skip.Exception, pytest.fail.Exception)


class KataRun:
    """Everything the plugin knows about the current grading run."""

    def __init__(self, config):
        from lessons import lesson_named

        self.lesson = lesson_named(config.getoption("kata_lesson"))
        self.learner_dir = Path(config.getoption("kata_target")).resolve() / self.lesson.name
        self.reference_dir = Path(config.getoption("kata_reference")).resolve() / self.lesson.name
        self.every_repetition = config.getoption("kata_every_repetition")
        self.check_timeout = float(config.getoption("kata_check_timeout"))
        # The runner chose pytest-timeout's method for this machine; the watchdog follows it.
        self.timer = host.CheckTimer(self.check_timeout,
                                     has_sigalrm=config.getini("timeout_method") == "signal")
        claims = config.getoption("kata_claims")  # the folder shared by this lesson's processes
        self.claims = Path(claims) if claims else None
        self.backwards = config.getoption("kata_backwards")
        order = config.getoption("kata_claim_order")
        self.claim_order = order.split(",") if order else []
        self.item_started = None  # time.monotonic() when the running item's setup began
        self.group_of = {}  # check name -> the check that names its claim (see claim_order)
        self.mine, self.theirs = set(), set()  # claims won and lost
        self.failed_checks = {}  # check name -> the first repetition it failed in
        self.failed_repetitions = set()
        self.repetition = 1  # of the item running now (checks seed their random choices with it)
        self.watchdog = None
        self.threads_at_start = frozenset()  # threads alive when the current check began
        self.stop_reason = None
        self.exit_status = None  # set once the session has ended and its "end" record is written

    def write(self, kind, **fields):
        """Hand a record to the guard, which signs and writes it if it comes from the
        plugin's own functions and the harness is unchanged (see kata.guard)."""
        sys.audit(guard.RECORD, kind, fields)

    def is_learner_file(self, filename):
        try:
            return Path(filename).resolve().parent == self.learner_dir
        except (OSError, ValueError):
            return False


RUN = None  # set in pytest_configure; the plugin serves exactly one lesson per process


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption("--kata-lesson", help="lesson folder name, e.g. 01_racy_counter")
    group.addoption("--kata-target", help="folder holding the learner's lesson folders")
    group.addoption("--kata-reference", help="folder holding the reference solutions")
    group.addoption("--kata-check-timeout", help="seconds one check item may run")
    group.addoption(
        "--kata-every-repetition",
        action="store_true",
        help="run every repetition until its first failing check, instead of ending the "
        "grading with the first repetition that failed (proves a stub fails every time)",
    )
    group.addoption("--kata-claims", help="folder of claims shared by the processes grading "
                    "this lesson at once: each runs only the checks it claims there")
    group.addoption("--kata-backwards", action="store_true",
                    help="with --kata-claims: claim checks from the end of the plan")
    group.addoption("--kata-claim-order", help="with --kata-claims: the checks to claim first, "
                    "comma-separated (the costliest of an earlier grading first)")


NEEDS_PASSING_MARKER = ("needs_passing(*checks): run only while none of these checks has "
                        "failed: their failure already gives the verdict, and this check "
                        "would only delay it")
ONCE_MARKER = ("once: the check's run is the same in every repetition (fixed inputs, every "
               "order it depends on forced): it runs in the first repetition only, and in "
               "every one with --kata-every-repetition (the soak that proves it steady)")
MARKERS = (NEEDS_PASSING_MARKER, ONCE_MARKER)  # the grader's own, which lesson checks carry


def pytest_configure(config):
    global RUN
    if not config.getoption("kata_lesson"):
        return
    RUN = KataRun(config)
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    # Appended, not prepended: the learner's folder must not shadow the standard
    # library or pytest itself.
    sys.path.append(str(RUN.learner_dir))


# --- the learner's module ---------------------------------------------------------


def load_learner(module=None):
    """Import the learner's module afresh (module-level state from an earlier
    repetition must not leak into this one). Any failure becomes LearnerCodeBroken
    with a message about the learner's file, not about the grader."""
    name = module or RUN.lesson.module
    path = RUN.learner_dir / f"{name}.py"
    if not path.is_file():
        raise LearnerCodeBroken(
            f"{path.name} is missing from {RUN.learner_dir}. The checks import it by that name."
        )
    sys.modules.pop(name, None)
    importlib.invalidate_caches()
    try:
        module = _import_from(path, name)
    except SyntaxError as exc:
        source = (exc.text or "").rstrip()
        raise LearnerCodeBroken(
            f"{path.name} does not compile: {exc.msg} (line {exc.lineno})\n    {source}"
        ) from None
    except PYTEST_OUTCOMES:
        raise  # a timeout while importing is reported as a timeout
    except BaseException as exc:  # noqa: B902 - exits and interrupts included
        raise LearnerCodeBroken(
            f"Importing {path.name} failed: {describe_exception(exc)}"
        ) from None
    if getattr(module, "__file__", None) is None or not RUN.is_learner_file(module.__file__):
        raise LearnerCodeBroken(f"`import {name}` did not load {path}.")
    return LearnerModule(module)


def _import_from(path, name):
    """`import name` from exactly this file, as importlib does it."""
    spec = importlib.util.spec_from_file_location(name, path, loader=_CompileOnce(name, str(path)))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


class _CompileOnce(importlib.machinery.SourceFileLoader):
    """The learner's module is imported afresh for every check, from the same source:
    it is compiled once (the grading process writes no bytecode), and its functions
    keep the same code objects, whose switch points the scheduler has worked out."""

    compiled = {}  # (path, source) -> code

    def source_to_code(self, data, path, *args, **kwargs):
        key = (path, bytes(data))
        code = self.compiled.get(key)
        if code is None:
            code = self.compiled[key] = super().source_to_code(data, path, *args, **kwargs)
        return code


class LearnerModule:
    """The learner's module; a missing name is reported as a broken exercise
    ("no function X"), not as a crash inside the check."""

    def __init__(self, module):
        object.__setattr__(self, "_module", module)

    def __getattr__(self, name):
        try:
            return getattr(self._module, name)
        except AttributeError:
            raise LearnerCodeBroken(
                f"{self._module.__name__}.py has no `{name}`. The checks call it by that "
                "name: keep the names the exercise gives you."
            ) from None

    def __setattr__(self, name, value):
        setattr(self._module, name, value)


@pytest.fixture
def learner():
    return load_learner()


@pytest.fixture
def reference_dir():
    """The reference solution's folder, for checks that compare against it."""
    return RUN.reference_dir


# --- describing what happened ------------------------------------------------------


def learner_frames(traceback):
    """(filename, lineno, source line) of each traceback frame in the learner's files."""
    frames = []
    while traceback is not None:
        frame = traceback.tb_frame
        if RUN.is_learner_file(frame.f_code.co_filename):
            frames.append(where(frame.f_code.co_filename, traceback.tb_lineno))
        traceback = traceback.tb_next
    return frames


def where(filename, lineno):
    import linecache

    source = linecache.getline(filename, lineno).strip()
    return f"{Path(filename).name}:{lineno}  {source}"


def describe_exception(exc):
    kind = type(exc).__name__
    if isinstance(exc, SystemExit):
        text = f"your code called sys.exit({exc.code!r}); a library function must not end the program"
    elif isinstance(exc, pytest.exit.Exception):
        text = "your code called pytest.exit(); that is not allowed in exercise code"
    elif isinstance(exc, KeyboardInterrupt):
        text = "your code raised KeyboardInterrupt"
    else:
        text = f"{kind}: {exc}" if str(exc) else kind
    frames = learner_frames(exc.__traceback__)
    if frames:
        text += f"\n    at {frames[-1]}"
    return text


def stuck_learner_threads():
    """Where each thread currently inside the learner's code is, for timeout reports."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    places = []
    for ident, frame in sys._current_frames().items():
        while frame is not None and not RUN.is_learner_file(frame.f_code.co_filename):
            frame = frame.f_back
        if frame is not None:
            places.append(f"{names.get(ident, ident)} at {where(frame.f_code.co_filename, frame.f_lineno)}")
    return places


def timeout_message(check_timeout):
    lines = [
        f"The check did not finish within {check_timeout:g} s: your code is stuck, "
        "in a deadlock (threads waiting for a lock or a result that never comes) "
        "or in an endless loop."
    ]
    return "\n".join(lines + [f"  {place}" for place in stuck_learner_threads()])


def classify(excinfo, check_timeout):
    """(kind, message) for an exception that ended a check item."""
    exc = excinfo.value
    if isinstance(exc, LessonFailure):
        return "failed", str(exc)
    if isinstance(exc, LearnerCodeBroken):
        return "broken", str(exc)
    if isinstance(exc, pytest.fail.Exception) and str(exc).startswith(TIMEOUT_PREFIX):
        return "timeout", timeout_message(check_timeout)
    if isinstance(exc, pytest.skip.Exception):
        return "skipped", str(exc)
    if learner_frames(exc.__traceback__):
        return "failed", "Your code raised " + describe_exception(exc)
    return "failed", f"The check failed: {describe_exception(exc)}"


# --- hooks ---------------------------------------------------------------------------


def check_name(item):
    return getattr(item, "originalname", None) or item.name


def check_title(item):
    doc = (getattr(item, "function", None).__doc__ or "").strip()
    return doc.splitlines()[0].rstrip(".") if doc else check_name(item).replace("_", " ")


def pytest_collection_modifyitems(session, config, items):
    if RUN is None:
        return
    if not RUN.every_repetition:
        repeated = [item for item in items if repetition(item) > 1 and item.get_closest_marker("once")]
        if repeated:
            config.hook.pytest_deselected(items=repeated)
            items[:] = [item for item in items if item not in repeated]
    checks = {}
    for item in items:
        entry = checks.setdefault(check_name(item), {"title": check_title(item), "items": 0})
        entry["items"] += 1
    seal_the_harness()
    RUN.write("plan", checks=[{"name": name, **info} for name, info in checks.items()])
    if RUN.claims:
        items[:] = claim_order(items)


def claim_order(items):
    """The items of a process that shares the lesson: a check's repetitions one after
    another, together with the checks it needs_passing (one claim for all of them,
    since it must know how they did). The claims in --kata-claim-order when the runner
    knows what each check cost last time (the costliest first, so none is left for the
    end), else in plan order or, --kata-backwards, the other way round, so two
    processes start at opposite ends of the plan."""
    names = list(dict.fromkeys(check_name(item) for item in items))
    needs = {check_name(item): [needed for mark in item.iter_markers("needs_passing") for needed in mark.args]
             for item in items}
    RUN.group_of = {name: name for name in names}
    for name in names:
        for needed in needs[name]:
            if needed in RUN.group_of:  # the check joins its prerequisite's claim
                old, new = RUN.group_of[name], RUN.group_of[needed]
                RUN.group_of = {other: new if group == old else group for other, group in RUN.group_of.items()}
    groups = list(dict.fromkeys(RUN.group_of[name] for name in names))
    if RUN.claim_order:
        first = {name: index for index, name in reversed(list(enumerate(RUN.claim_order)))}
        groups.sort(key=lambda group: min(first.get(name, math.inf) for name in names
                                          if RUN.group_of[name] == group))
    elif RUN.backwards:
        groups.reverse()
    rank = {name: index for index, name in enumerate(names)}
    by_group = {group: index for index, group in enumerate(groups)}
    return sorted(items, key=lambda item: (by_group[RUN.group_of[check_name(item)]],
                                           rank[check_name(item)], repetition(item)))


def claimed_here(item):
    """Whether this process runs `item`: its check's claim is this process's, won now if
    nobody holds it yet. (Learner code can touch these files too; the worst it can do
    is leave a check unrun, and a check not seen passing is never a PASS.)"""
    group = RUN.group_of[check_name(item)]
    if group not in RUN.mine and group not in RUN.theirs:
        try:
            os.close(os.open(RUN.claims / group, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            RUN.mine.add(group)
        except OSError:
            RUN.theirs.add(group)
    return group in RUN.mine


FAILED_MARK = "failed-in-"


def note_failed_repetition(number):
    """Tell the other processes grading the lesson that repetition `number` failed."""
    if RUN.claims:
        try:
            os.close(os.open(RUN.claims / f"{FAILED_MARK}{number}", os.O_CREAT | os.O_WRONLY))
        except OSError:
            pass  # the others then run on: slower, never wrong (the runner cuts at the failure)


def still_needed():
    """For long searches, between two of their runs: when another process grading the
    lesson has found an earlier repetition failing, this item's result can no longer
    count (see kata.runner.merged): it ends as not run."""
    if RUN is not None and RUN.claims:
        first_failed = first_failed_repetition()
        if first_failed is not None and first_failed < RUN.repetition:
            pytest.skip(f"not run: repetition {first_failed} already failed")


def first_failed_repetition():
    """The first repetition that failed, in this process or in another grading the
    same lesson."""
    failed = set(RUN.failed_repetitions)
    if RUN.claims:
        try:
            marks = os.listdir(RUN.claims)
        except OSError:
            marks = []
        failed |= {int(mark[len(FAILED_MARK):]) for mark in marks
                   if mark.startswith(FAILED_MARK) and mark[len(FAILED_MARK):].isdigit()}
    return min(failed, default=None)


def seal_the_harness():
    """Every check module is imported and no learner code has run yet: the guard takes
    its snapshot of the harness now, and learns which functions may write records."""
    writers = (record_outcome, pytest_collection_modifyitems, pytest_runtest_setup, stuck_for_good,
               pytest_sessionfinish)
    sys.audit(guard.SEAL, KataRun.write.__code__, {function.__code__ for function in writers},
              stuck_for_good.__code__)


def repetition(item):
    """1-based repetition number pytest-repeat gave this item (1 if not repeated)."""
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("__pytest_repeat_step_number", 0) + 1 if callspec else 1


def pytest_runtest_setup(item):
    if RUN is None:
        return
    first_failed = None if RUN.every_repetition else first_failed_repetition()
    if RUN.stop_reason:
        pytest.skip(f"not run: {RUN.stop_reason}")
    if RUN.claims and not claimed_here(item):
        pytest.skip("not run: another grading process runs it")
    if RUN.every_repetition:
        if repetition(item) in RUN.failed_repetitions:
            pytest.skip("not run: this repetition already failed")
    elif first_failed is not None and repetition(item) > first_failed:
        # The verdict is FAIL whatever comes next: its message is the first failure,
        # and every check ran at least once. Later repetitions would only make a
        # wrong answer wait (a larger scenario explored to its end, say).
        if not RUN.claims:  # (a process sharing the lesson still has earlier ones to run)
            RUN.stop_reason = f"repetition {first_failed} already failed"
            end_the_session(item.session)
        pytest.skip(f"not run: repetition {first_failed} already failed")
    else:
        # (With every repetition, a check is reached only when every check before it
        # passed in this repetition: its prerequisites included.) A prerequisite comes
        # first in the plan, so in a repetition it has run by now.
        needed = [name for mark in item.iter_markers("needs_passing") for name in mark.args]
        failed_first = [name for name in needed if RUN.failed_checks.get(name, math.inf) <= repetition(item)]
        if failed_first:
            pytest.skip(f"not run: {failed_first[0]} failed, and this check builds on it")
    RUN.repetition = repetition(item)
    RUN.item_started = time.monotonic()
    RUN.write("start", check=check_name(item), item=item.nodeid)
    RUN.threads_at_start = set(threading.enumerate())
    try:
        arm_watchdog(item)
    except RuntimeError as exc:  # "can't start new thread": the process is full of threads
        raise LearnerCodeBroken(
            f"the grader could not start a thread of its own ({exc}): "
            f"{threading.active_count()} threads are running in the grading process, left "
            "running by your code (threads it started, or pools it never shut down, that "
            "wait for work that never comes). Make every thread and pool end when the "
            "function that started it returns.") from None


def stop_pools_left_running(threads_before):
    """Shut down, without waiting, the thread pools whose workers a check's learner code
    left running (a pool kept in a module-level variable, never shut down): their idle
    workers then end. Every check imports the learner's module afresh, so nothing can
    use those pools again; left alone, twenty repetitions of a pool kept across calls
    filled the grading process with idle threads until no thread could start, the
    grader's own included. Work still queued runs first; a busy worker ends after it."""
    for thread in threading.enumerate():
        worker = None if thread in threads_before else thread_hooks.pool_worker(thread)
        if worker is None:
            continue
        executor_reference, work_queue = worker
        executor = executor_reference()
        if executor is not None:
            executor._shutdown = True  # what shutdown() sets; its lock could be held forever
        work_queue.put(None)  # wakes an idle worker, which then sees the shutdown and ends


def arm_watchdog(item):
    disarm_watchdog()
    RUN.watchdog = threading.Timer(RUN.timer.watchdog_after, stuck_for_good, args=(item,))
    RUN.watchdog.daemon = True
    RUN.watchdog.start()


def disarm_watchdog():
    if RUN.watchdog is not None:
        RUN.watchdog.cancel()
        RUN.watchdog = None


def stuck_for_good(item):
    """The check is still stuck after pytest-timeout interrupted it (or, where checks
    cannot be interrupted, has reached its limit): record the timeout and end the run
    now rather than at the runner's hard limit."""
    RUN.write("outcome", check=check_name(item), item=item.nodeid, repetition=repetition(item),
              result="timeout", message=timeout_message(RUN.check_timeout))
    RUN.write("end", exitstatus=-1)
    note_failed_repetition(repetition(item))
    os._exit(3)


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Exits and interrupts raised by learner code during a check must not end the
    session or look like a skip: they make the exercise ERROR."""
    try:
        return (yield)
    except (SystemExit, KeyboardInterrupt, pytest.exit.Exception) as exc:
        raise LearnerCodeBroken(describe_exception(exc)) from None
    except pytest.skip.Exception as exc:
        if learner_frames(exc.__traceback__):
            raise LearnerCodeBroken("your code called pytest.skip(); exercise code must not") from None
        raise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if RUN is None:
        return report
    if call.excinfo is not None and not hasattr(item, "_kata_outcome"):
        item._kata_outcome = classify(call.excinfo, RUN.check_timeout)
    if call.when == "teardown":
        disarm_watchdog()
        stop_pools_left_running(RUN.threads_at_start)
        record_outcome(item)
    return report


def record_outcome(item):
    kind, message = getattr(item, "_kata_outcome", ("passed", ""))
    name = check_name(item)
    if kind == "skipped" and message.startswith("not run:"):
        return  # the grader skipped it itself; nothing was observed
    seconds = time.monotonic() - (RUN.item_started or time.monotonic())  # what the runner balances by
    RUN.write("outcome", check=name, item=item.nodeid, repetition=repetition(item),
              result=kind, message=message, seconds=round(seconds, 3))
    if kind in ("failed", "timeout", "broken"):
        RUN.failed_checks.setdefault(name, repetition(item))
        RUN.failed_repetitions.add(repetition(item))
        note_failed_repetition(repetition(item))
    if kind in ("timeout", "broken") and not RUN.every_repetition:
        # (A process sharing the lesson leaves the checks it has not claimed yet to
        # the others, which run them up to this repetition.)
        RUN.stop_reason = "an earlier check found the exercise stuck or broken"
        end_the_session(item.session)


def end_the_session(session):
    """Run no further item. (`shouldfail`, not `shouldstop`: pytest takes a stop for
    an interrupt and formats its traceback from the source with ast, 0.2 s, which on
    3.11 can also raise SystemError while the learner's threads run, gh-106905.)"""
    session.shouldfail = RUN.stop_reason


def pytest_sessionfinish(session, exitstatus):
    if RUN is not None:
        RUN.write("end", exitstatus=int(exitstatus))
        RUN.exit_status = int(exitstatus)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    """The verdict is written: leave before pytest's own clean-up, which collects the
    learner's leftover objects (gc.collect), and a finalizer can block for good (a process
    pool caught in gh-125451 did, until the runner's hard limit). Output is flushed first,
    and the exit status is the session's."""
    if RUN is not None and RUN.exit_status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(RUN.exit_status)
