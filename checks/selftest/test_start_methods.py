"""Grading under every multiprocessing start method. Under spawn and forkserver each
pool worker imports the grading process's entry point again (as __mp_main__) and the
learner's module by name: lesson 10, the one that starts processes, must still pass a
correct solution and fail a thread pool, whichever start method is in force."""

import importlib.util
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Manager

import pytest
from conftest import CHECKS_DIR, REPO_DIR

from kata import host
from kata.runner import CHILD, ERROR, FAIL, PASS, grade_lesson
from kata.teach import LessonFailure
from lessons import lesson_named

LESSON = lesson_named("10_cpu_bound_pool")
SOLUTION = (REPO_DIR / "solutions" / LESSON.name / LESSON.filename).read_text()
SPAWNING = [method for method in ("spawn", "forkserver") if method in host.start_methods()]


def own_context(method):
    """A correct solution that picks its own start method, as a learner may."""
    source = SOLUTION.replace("from concurrent.futures import ProcessPoolExecutor",
                              "from concurrent.futures import ProcessPoolExecutor\n"
                              "from multiprocessing import get_context")
    return source.replace("ProcessPoolExecutor()", f"ProcessPoolExecutor(mp_context=get_context({method!r}))")


@pytest.mark.parametrize("method", SPAWNING)
def test_the_reference_passes_when_workers_reimport_the_entry_point(method):
    result = grade_lesson(LESSON, REPO_DIR / "solutions", count=3, start_method=method)
    assert result.status == PASS, f"{method}: {result.status}\n{result.message}\n{result.output}"


@pytest.mark.parametrize("method", SPAWNING)
def test_a_solution_that_picks_its_own_context_passes(method, make_target):
    source = own_context(method)
    assert "mp_context=get_context" in source
    result = grade_lesson(LESSON, make_target(LESSON, source), count=3)
    assert result.status == PASS, f"{method}: {result.status}\n{result.message}\n{result.output}"


@pytest.mark.parametrize("method", SPAWNING)
def test_a_thread_pool_still_fails_under_a_spawning_start_method(method, make_target):
    source = SOLUTION.replace("ProcessPoolExecutor", "ThreadPoolExecutor")
    result = grade_lesson(LESSON, make_target(LESSON, source), count=2, start_method=method)
    assert result.status == FAIL, f"{method}: {result.status}\n{result.message}"
    assert "no worker process received any work" in result.message


@pytest.mark.parametrize("method", host.start_methods())
def test_the_forced_start_method_is_the_one_the_learner_code_sees(method, make_target):
    source = SOLUTION + (
        "\nimport multiprocessing\n"
        f"if multiprocessing.get_start_method() != {method!r}:\n"
        "    raise RuntimeError('start method ' + multiprocessing.get_start_method())\n"
    )
    forced = grade_lesson(LESSON, make_target(LESSON, source), count=1, start_method=method)
    assert forced.status == PASS, f"{method}: {forced.status}\n{forced.message}"
    others = [other for other in host.start_methods() if other != method]
    if others:
        other = grade_lesson(LESSON, make_target(LESSON, source), count=1, start_method=others[0])
        assert other.status == ERROR and f"start method {others[0]}" in other.message


def test_the_grading_entry_point_does_nothing_when_imported_as_mp_main(tmp_path):
    """What a spawned or forkserver worker does with it: run it as __mp_main__. A
    grading session started there would be a second one inside every worker."""
    imports_child = f"import runpy; runpy.run_path({str(CHILD)!r}, run_name='__mp_main__'); print('imported')"
    done = subprocess.run([sys.executable, "-I", "-c", imports_child], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "imported", done.stdout + done.stderr


def lesson_10_checks():
    path = CHECKS_DIR / LESSON.name / "check_cpu_bound_pool.py"
    spec = importlib.util.spec_from_file_location("lesson_10_checks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ThreadPoolLearner:
    """A learner who kept the thread pool: the work never leaves this process (the counts
    are right)."""

    def __init__(self, count_primes_below):
        self.count_primes_below = count_primes_below

    def count_all(self, limits):
        with ThreadPoolExecutor() as pool:
            return list(pool.map(self.count_primes_below, limits))


@pytest.mark.parametrize("gil", [True, False])
def test_the_thread_pool_message_is_true_with_and_without_the_gil(gil, monkeypatch):
    checks = lesson_10_checks()
    monkeypatch.setattr(host, "gil_enabled", lambda: gil)
    with pytest.raises(LessonFailure) as failure, Manager() as manager:
        checks.check_work_runs_in_several_processes_at_once(ThreadPoolLearner(checks.primes_below), manager)
    message = str(failure.value)
    assert "no worker process received any work" in message
    if gil:
        assert "Because of the GIL only one thread runs Python code at a time" in message
    else:
        assert "without the GIL, so here threads can share CPU-bound work" in message
        assert "only one thread runs" not in message


def test_a_pool_of_one_worker_fails_once_without_waiting_again_in_later_checks(make_target):
    """max_workers=1 fails the several-processes check after its patience; the order
    check (needs_passing) is then not run, and the grading ends with that repetition,
    so the wait is paid once per grading, not once per repetition of every check that
    would wait for a second worker."""
    source = SOLUTION.replace("ProcessPoolExecutor()", "ProcessPoolExecutor(max_workers=1)")
    result = grade_lesson(LESSON, make_target(LESSON, source), count=3)
    assert result.status == FAIL, f"{result.status}\n{result.message}"
    assert "never to two of them at the same time" in result.message
    by_name = {check.name: check for check in result.checks}
    several = by_name["check_work_runs_in_several_processes_at_once"]
    assert [outcome["result"] for outcome in several.outcomes] == ["failed"]
    assert by_name["check_counts_keep_input_order_when_later_limits_finish_first"].outcomes == []
    assert [outcome["result"] for outcome in by_name["check_counts_are_right"].outcomes] == ["passed"]
    assert result.checks_passed == 1


# Wrong only in the very first call (counted in a file next to it): the first
# repetition fails check_counts_are_right, the second passes it.
WRONG_ONCE = SOLUTION + """
from pathlib import Path

_calls = Path(__file__).with_name("calls.txt")
_count_all = count_all


def count_all(limits):
    calls = int(_calls.read_text()) if _calls.exists() else 0
    _calls.write_text(str(calls + 1))
    counts = _count_all(limits)
    return counts[::-1] if calls == 0 else counts
"""


@pytest.mark.parametrize("every_repetition", [False, True])
def test_needs_passing_looks_at_the_grading_or_at_the_repetition(every_repetition, make_target):
    """Grading: once a prerequisite failed, the check is not run again. Every repetition
    (the soak): a repetition that reaches the check passed its prerequisites, so it runs."""
    result = grade_lesson(LESSON, make_target(LESSON, WRONG_ONCE), count=2, every_repetition=every_repetition)
    assert result.status == FAIL, f"{result.status}\n{result.message}"
    order = {check.name: check for check in result.checks}[
        "check_counts_keep_input_order_when_later_limits_finish_first"]
    assert [(outcome["repetition"], outcome["result"]) for outcome in order.outcomes] == (
        [(2, "passed")] if every_repetition else [])


@pytest.mark.parametrize("every_repetition", [False, True])
def test_a_check_marked_once_runs_in_the_first_repetition_unless_every_one_is_asked(every_repetition,
                                                                                 make_target):
    """Fixed inputs and a forced order give the same run every time: the check runs once
    a grading (its plan says one item), and in every repetition of the soak."""
    result = grade_lesson(LESSON, make_target(LESSON, SOLUTION), count=3, every_repetition=every_repetition)
    assert result.status == PASS, f"{result.status}\n{result.message}"
    repetitions = {check.name: [outcome["repetition"] for outcome in check.outcomes] for check in result.checks}
    assert repetitions == {
        "check_counts_are_right": [1, 2, 3] if every_repetition else [1],
        "check_work_runs_in_several_processes_at_once": [1, 2, 3] if every_repetition else [1],
        "check_counts_keep_input_order_when_later_limits_finish_first": [1, 2, 3],
    }
    assert all(check.passed for check in result.checks)


def test_the_barrier_asks_for_one_worker_per_core_within_two_and_the_limits(monkeypatch):
    checks = lesson_10_checks()
    for cpus, limits, parties in [(1, 4, 2), (2, 4, 2), (3, 4, 3), (16, 4, 4), (16, 3, 3)]:
        monkeypatch.setattr(host, "usable_cpus", lambda cpus=cpus: cpus)
        assert checks.processes_at_once(list(range(limits))) == parties
