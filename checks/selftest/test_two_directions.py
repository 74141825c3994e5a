"""The two directions every check must hold, proved under repetition:

* every reference solution passes every check, every repetition;
* every shipped stub fails at least one check in *every* repetition.
"""

import os

import pytest
from conftest import LESSONS, REPO_DIR, lesson_ids

from kata import pristine
from kata.runner import NOT_STARTED, PASS, grade_lesson

SOLUTION_REPETITIONS = int(os.environ.get("KATA_SOLUTION_REPETITIONS", "50"))
STUB_REPETITIONS = int(os.environ.get("KATA_STUB_REPETITIONS", "5"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_solution_passes_every_repetition(lesson):
    result = grade_lesson(lesson, REPO_DIR / "solutions", count=SOLUTION_REPETITIONS)
    assert result.status == PASS, f"{lesson.name} solution: {result.status}\n{result.message}\n{result.output}"
    for check in result.checks:
        assert check.passed and len(check.outcomes) == check.expected_items


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_stub_fails_every_repetition(lesson):
    exercises = REPO_DIR / "exercises"
    if not pristine.is_pristine(lesson, exercises):
        pytest.skip(f"exercises/{lesson.name}/{lesson.filename}: modified, not checked")
    result = grade_lesson(lesson, exercises, count=STUB_REPETITIONS, every_repetition=True)
    assert result.status == NOT_STARTED, f"{lesson.name} stub: {result.status}\n{result.message}"
    assert result.failing_repetitions() == set(range(1, STUB_REPETITIONS + 1)), (
        f"{lesson.name}: the stub passed every check in some repetition(s); "
        f"failing ones: {sorted(result.failing_repetitions())} of {STUB_REPETITIONS}"
    )
    assert result.message.strip(), "a failing stub must come with a message for the learner"
