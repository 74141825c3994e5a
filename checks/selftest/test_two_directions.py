"""The two directions every check must hold, proved under repetition:

* every reference solution passes every check, every repetition;
* every shipped stub fails at least one check in *every* repetition;
* both again under each multiprocessing start method this machine offers (fork,
  forkserver, spawn), forced for the whole grading process, with fewer repetitions.
"""

import os

import pytest
from conftest import LESSONS, REPO_DIR, SCHEDULER_PROBLEM, lesson_ids

from kata import host, pristine
from kata.runner import ERROR, NOT_STARTED, PASS, grade_lesson

SOLUTION_REPETITIONS = int(os.environ.get("KATA_SOLUTION_REPETITIONS", "50"))
STUB_REPETITIONS = int(os.environ.get("KATA_STUB_REPETITIONS", "5"))
START_METHOD_REPETITIONS = int(os.environ.get("KATA_START_METHOD_REPETITIONS", "2"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_solution_passes_every_repetition(lesson):
    assert_solution_passes(lesson, SOLUTION_REPETITIONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_stub_fails_every_repetition(lesson):
    assert_stub_fails(lesson, STUB_REPETITIONS)


@pytest.mark.parametrize("start_method", host.start_methods())
@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_solution_passes_under_every_start_method(lesson, start_method):
    assert_solution_passes(lesson, START_METHOD_REPETITIONS, start_method=start_method)


@pytest.mark.parametrize("start_method", host.start_methods())
@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_stub_fails_under_every_start_method(lesson, start_method):
    assert_stub_fails(lesson, START_METHOD_REPETITIONS, start_method=start_method)


def assert_solution_passes(lesson, count, start_method=None):
    result = grade_lesson(lesson, REPO_DIR / "solutions", count=count, start_method=start_method)
    if SCHEDULER_PROBLEM and result.status == ERROR and "not a fault in your code" in result.message:
        pytest.xfail(f"{lesson.name} needs the scheduler, which cannot run here; its verdict is ERROR, "
                     f"as it must be: {SCHEDULER_PROBLEM}")
    assert result.status == PASS, f"{lesson.name} solution: {result.status}\n{result.message}\n{result.output}"
    for check in result.checks:
        assert check.passed and len(check.outcomes) == check.expected_items


def assert_stub_fails(lesson, count, start_method=None):
    exercises = REPO_DIR / "exercises"
    if not pristine.is_pristine(lesson, exercises):
        pytest.skip(f"exercises/{lesson.name}/{lesson.filename}: modified, not checked")
    result = grade_lesson(lesson, exercises, count=count, every_repetition=True, start_method=start_method)
    assert result.status == NOT_STARTED, f"{lesson.name} stub: {result.status}\n{result.message}"
    assert result.failing_repetitions() == set(range(1, count + 1)), (
        f"{lesson.name}: the stub passed every check in some repetition(s); "
        f"failing ones: {sorted(result.failing_repetitions())} of {count}"
    )
    assert result.message.strip(), "a failing stub must come with a message for the learner"
