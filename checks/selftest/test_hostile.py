"""Broken or hostile learner code gets a clear verdict within its limit, never PASS.

These tests are about the grading process's own defences, so they turn the static scan
off (some cases import pytest, which the scan alone would call TAMPERED; see
test_tamper.py)."""

import dataclasses
import json
import threading
import time

import pytest
from conftest import REPO_DIR, run_cli

from kata import host
from kata.runner import ERROR, FAIL, NOT_STARTED, PASS, TIMEOUT, grade_lesson
from lessons import lesson_named

# The victim lesson: fast, with an easy correct solution to start from.
LESSON = dataclasses.replace(lesson_named("02_lost_exception"), check_timeout=3.0)
SOLUTION = (REPO_DIR / "solutions" / LESSON.name / LESSON.filename).read_text()
STUB = (REPO_DIR / "exercises" / LESSON.name / LESSON.filename).read_text()



def in_a_call(statement):
    """The solution, with `statement` run at the start of send_all."""
    return SOLUTION.replace("    failures = {}\n", f"    failures = {{}}\n    {statement}\n", 1)


CASES = {
    "syntax error": ("def send_all(:\n    pass\n", ERROR, "does not compile"),
    "exception at import": (SOLUTION + "\nraise RuntimeError('boom')\n", ERROR, "RuntimeError: boom"),
    "missing function": (SOLUTION.replace("def send_all(", "def send_everything("), ERROR, "has no `send_all`"),
    "infinite loop at import": (SOLUTION + "\nwhile True:\n    pass\n", TIMEOUT, "did not finish within 3 s"),
    "deadlocked pool": (
        SOLUTION.replace("    failures = {}\n", "    failures = {}\n    pool_blocker.acquire()\n", 1)
        .replace("with ThreadPoolExecutor(max_workers=max_workers) as pool:",
                 "with ThreadPoolExecutor(max_workers=max_workers) as pool:\n        pool.submit(pool_blocker.acquire)", 1)
        + "\nimport threading\npool_blocker = threading.Lock()\n",
        FAIL, "deadlock",  # seen by the check itself: every thread blocked
    ),
    "sys.exit at import": (SOLUTION + "\nimport sys\nsys.exit(0)\n", ERROR, "sys.exit(0)"),
    "sys.exit in a call": (in_a_call("import sys; sys.exit(0)"), ERROR, "sys.exit(0)"),
    "os._exit at import": (SOLUTION + "\nimport os\nos._exit(0)\n", ERROR, "ended abruptly"),
    "os._exit in a call": (in_a_call("import os; os._exit(0)"), ERROR, "ended abruptly"),
    "pytest.exit at import": (SOLUTION + "\nimport pytest\npytest.exit('done', returncode=0)\n", ERROR, "pytest.exit"),
    "pytest.exit in a call": (in_a_call("import pytest; pytest.exit('done', returncode=0)"), ERROR, "pytest.exit"),
    "pytest.skip in a call": (in_a_call("import pytest; pytest.skip('nothing to see')"), ERROR, "pytest.skip"),
    "KeyboardInterrupt in a call": (in_a_call("raise KeyboardInterrupt"), ERROR, "KeyboardInterrupt"),
    "megabytes of output": (
        STUB.replace("    return len(messages)", "    print('x' * 1_000_000)\n    return len(messages)"),
        FAIL, "nobody called future.result()",
    ),
}


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("case", CASES)
def test_hostile_code_gets_a_clear_verdict(case, processes, make_target):
    """Also when two processes share the lesson (watch mode): one that hangs or ends
    early decides for both."""
    source, status, words = CASES[case]
    started = time.monotonic()
    result = grade_lesson(LESSON, make_target(LESSON, source), count=2, static_scan_first=False,
                          processes=processes)
    assert result.status == status, f"{case}: {result.status}: {result.message}\n{result.output[-2000:]}"
    assert words in result.message
    assert time.monotonic() - started < 60


def test_output_flood_is_cut_and_reported(make_target):
    source = STUB.replace("    return len(messages)", "    print('x' * 1_000_000)\n    return len(messages)")
    result = grade_lesson(LESSON, make_target(LESSON, source), count=3)
    assert result.output_bytes >= 1_000_000
    assert len(result.output) <= 8 * 1024


@pytest.mark.skipif(not host.HAS_SIGALRM, reason="no SIGALRM on this system")
def test_ignored_alarm_is_killed_at_the_hard_limit(make_target):
    """Code that disables pytest-timeout's alarm is stopped by the process-group kill."""
    source = SOLUTION + "\nimport signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass\n"
    started = time.monotonic()
    result = grade_lesson(LESSON, make_target(LESSON, source), count=1, time_limit=8)
    assert result.status == TIMEOUT, result.message
    assert "stopped after 8 s" in result.message
    assert time.monotonic() - started < 30


def test_without_sigalrm_a_stuck_check_is_still_a_timeout_with_its_message(make_target, monkeypatch):
    """Where there is no SIGALRM (Windows), pytest-timeout's thread method would end the
    process with no verdict: the plugin's watchdog records the TIMEOUT first. Simulated
    here by making the runner choose the thread method."""
    monkeypatch.setattr(host, "HAS_SIGALRM", False)
    started = time.monotonic()
    result = grade_lesson(LESSON, make_target(LESSON, in_a_call("while True: pass")), count=2, time_limit=60)
    assert result.status == TIMEOUT, result.message
    assert "did not finish within 3 s" in result.message and "while True: pass" in result.message
    assert time.monotonic() - started < 30


def test_pool_stuck_on_its_way_out_is_a_timeout_well_before_the_hard_limit(make_target):
    """pytest-timeout interrupts the check once, then `with ThreadPoolExecutor` joins a
    deadlocked worker on the way out and would hang until the hard limit: the plugin's
    watchdog records the timeout a few seconds later instead. (Lesson 04, whose checks
    call the learner's wrapper on their own thread; lesson 02's run it in a thread of
    its own and see the deadlock themselves.)"""
    lesson = dataclasses.replace(lesson_named("04_safe_run"), check_timeout=3.0)
    source = (REPO_DIR / "solutions" / lesson.name / lesson.filename).read_text().replace(
        "        try:\n            return func(*args, **kwargs)",
        "        with ThreadPoolExecutor(max_workers=1) as pool:\n"
        "            pool.submit(_held_forever.acquire)\n            _held_forever.acquire()\n"
        "        try:\n            return func(*args, **kwargs)", 1,
    ) + ("\nimport threading\nfrom concurrent.futures import ThreadPoolExecutor\n"
         "_held_forever = threading.Lock()\n_held_forever.acquire()\n")
    started = time.monotonic()
    result = grade_lesson(lesson, make_target(lesson, source), count=2, time_limit=120)
    assert result.status == TIMEOUT, result.message
    assert "did not finish within 3 s" in result.message
    assert time.monotonic() - started < 30


def test_leaked_stuck_worker_does_not_hang_grading(make_target):
    """A pool left with a deadlocked worker (no `with`, no shutdown) must not make the
    grading process hang at interpreter exit."""
    source = STUB + (
        "\nimport threading\n_stuck = threading.Lock()\n_stuck.acquire()\n"
        "_leaked = ThreadPoolExecutor(1)\n_leaked.submit(_stuck.acquire)\n"
    )
    started = time.monotonic()
    result = grade_lesson(LESSON, make_target(LESSON, source), count=2, time_limit=40)
    assert result.status == FAIL, result.message
    assert time.monotonic() - started < 30


BLOCKING_FINALIZER = SOLUTION + """
import gc
import threading

gc.disable()  # nothing collects the garbage below until someone calls gc.collect()


class _Stubborn:
    def __del__(self):
        threading.Event().wait()  # blocks for good, as a deadlocked process pool's clean-up does


def _leave_garbage():
    stubborn = _Stubborn()
    stubborn.cycle = stubborn


_leave_garbage()
"""


def test_a_finalizer_that_blocks_after_the_checks_does_not_hold_the_verdict(make_target):
    """Once the last record is written the grading process leaves at once: pytest's own
    clean-up collects garbage, and the learner's finalizers may block for good (a process
    pool caught in CPython's gh-125451 deadlock did, until the hard limit)."""
    started = time.monotonic()
    result = grade_lesson(LESSON, make_target(LESSON, BLOCKING_FINALIZER), count=2,
                          static_scan_first=False)
    assert result.status == PASS, f"{result.status}\n{result.message}\n{result.output[-2000:]}"
    assert time.monotonic() - started < 20


def test_an_abandoned_grading_is_killed_at_once(make_target):
    """Lessons are graded side by side, each in a process group of its own that Ctrl-C
    does not reach: the interrupted command sets `abandon`, and the grading in progress
    is killed rather than left running to its hard limit (here: code that never ends)."""
    abandon = threading.Event()
    abandon.set()
    started = time.monotonic()
    result = grade_lesson(LESSON, make_target(LESSON, SOLUTION + "\nwhile True:\n    pass\n"),
                          count=2, static_scan_first=False, abandon=abandon)
    assert result.status == TIMEOUT, result.message
    assert time.monotonic() - started < 5


def test_a_process_pool_that_cannot_pickle_a_task_does_not_take_its_shutdown_lock():
    """gh-125451 (CPython before 3.12.8 and 3.13.1): the queue feeder thread took the
    pool's shutdown lock to report a task it could not pickle, while the manager thread
    held that lock waiting for the feeder to end. With the grader's workaround the feeder
    reports the error without the lock."""
    from concurrent.futures import Future
    from concurrent.futures import process

    class Module:  # the stdlib module's names, with a _SafeQueue of our own to patch
        _SafeQueue = type("_SafeQueue", (process._SafeQueue,), {})
        _CallItem, _RemoteTraceback = process._CallItem, process._RemoteTraceback

    if not host.avoid_process_pool_feeder_deadlock(Module):
        pytest.skip("this CPython has the fix (3.12.8+, 3.13.1+)")
    queue = object.__new__(Module._SafeQueue)
    future, wakeups = Future(), []
    queue.pending_work_items = {7: process._WorkItem(future, len, (), {})}
    queue.thread_wakeup = type("Wakeup", (), {"wakeup": lambda self: wakeups.append(1)})()
    queue.shutdown_lock = threading.Lock()
    queue.shutdown_lock.acquire()  # held by the manager thread, which waits for the feeder
    error = TypeError("cannot pickle 'function' object")
    queue._on_queue_feeder_error(error, process._CallItem(7, len, (), {}))
    assert future.exception() is error and wakeups == [1]
    assert "cannot pickle" in str(error.__cause__)


@pytest.mark.parametrize("where", ["target", "lesson"])
def test_dropped_pytest_config_is_ignored(where, make_target):
    """A conftest.py or pytest.ini beside the learner's code cannot turn a stub green."""
    target = make_target(LESSON, STUB)
    folder = target if where == "target" else target / LESSON.name
    (folder / "conftest.py").write_text(
        "import pytest\n"
        "@pytest.hookimpl(wrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    report = yield\n"
        "    report.outcome = 'passed'\n"
        "    return report\n"
        "def pytest_collection_modifyitems(items):\n"
        "    items.clear()\n"
    )
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:kata --co\n")
    (folder / "sitecustomize.py").write_text("import os\nos._exit(0)\n")
    result = grade_lesson(LESSON, target, count=2, static_scan_first=False)
    assert result.status == NOT_STARTED, result.message


def test_one_hostile_lesson_does_not_stop_the_others(tmp_path, make_target):
    target = make_target(LESSON, in_a_call("import os; os._exit(0)"))
    make_target(lesson_named("05_blocking_map"))
    report = tmp_path / "results.json"
    done = run_cli("grade", "02", "05", "--target", str(target), "--count", "2", "--json", str(report))
    assert done.returncode == 1, done.stdout + done.stderr
    tests = {test["number"]: test for test in json.loads(report.read_text())["tests"]}
    assert tests["02"]["status"] == "failed" and tests["02"]["output"].startswith(ERROR)
    assert tests["05"]["status"] == "passed" and tests["05"]["score"] == tests["05"]["max_score"]
    assert PASS not in tests["02"]["output"].split(":")[0]


@pytest.mark.skipif(not host.MEMORY_LIMIT_ENFORCED, reason="memory limits are enforced on Linux (RLIMIT_DATA)")
def test_memory_hog_hits_the_memory_limit_not_the_machine(make_target):
    source = SOLUTION + "\nhog = bytearray(16 * 1024**3)\n"
    result = grade_lesson(LESSON, make_target(LESSON, source), count=1)
    assert result.status == ERROR and "MemoryError" in result.message, result.message


# A pool made per call and kept in a module-level list, never shut down: its results are
# right, and every call leaves idle worker threads behind.
LEAKED_POOLS = SOLUTION.replace(
    "    with ThreadPoolExecutor(max_workers=max_workers) as pool:\n",
    "    pool = ThreadPoolExecutor(max_workers=max_workers)\n    _kept.append(pool)\n    if True:\n",
    1) + "\n_kept = []\n"


def test_pools_a_check_leaves_running_are_shut_down_so_repetitions_do_not_run_out_of_threads(make_target):
    """Every check imports the learner's module afresh, so pools kept by an earlier
    import leak: twenty repetitions of five calls filled the grading process with idle
    workers until no thread could start (ERROR, or once even TAMPERED). The plugin
    shuts down, without waiting, the pools a check left running."""
    assert "_kept.append(pool)" in LEAKED_POOLS
    result = grade_lesson(LESSON, make_target(LESSON, LEAKED_POOLS), count=20, every_repetition=True)
    assert result.status == PASS, f"{result.status}\n{result.message}"
