"""Plausible learner submissions, graded in both directions under repetition.

checks/selftest/widen_samples/NN_slug/ holds, per lesson, `correct_*.py` (other correct
designs than the reference: must PASS every repetition) and `wrong_*.py` (the wrong
fixes learners really make: must fail every repetition). The first line of each file
is a one-line docstring saying which mistake (or which style) and why.
"""

import ast
import os
from pathlib import Path

import pytest
from conftest import LESSONS

from kata.runner import FAIL, NOT_STARTED, PASS, grade_lesson

SAMPLES_DIR = Path(__file__).parent / "widen_samples"
REPETITIONS = int(os.environ.get("KATA_SAMPLE_REPETITIONS", "3"))
BY_NAME = {lesson.name: lesson for lesson in LESSONS}
SAMPLES = sorted(SAMPLES_DIR.glob("*/*.py"))


def sample_id(path):
    return f"{path.parent.name}/{path.stem}"


def test_every_sample_says_what_it_is():
    assert SAMPLES, "no samples found"
    for path in SAMPLES:
        assert path.parent.name in BY_NAME, f"{sample_id(path)}: no lesson {path.parent.name}"
        assert path.stem.startswith(("correct_", "wrong_")), sample_id(path)
        docstring = ast.get_docstring(ast.parse(path.read_text()))
        assert docstring and "\n" not in docstring.strip(), f"{sample_id(path)}: one-line docstring"


@pytest.mark.parametrize("sample", SAMPLES, ids=sample_id)
def test_sample_gets_the_right_verdict(sample, make_target):
    lesson = BY_NAME[sample.parent.name]
    target = make_target(lesson, sample.read_text())
    if sample.stem.startswith("correct_"):
        result = grade_lesson(lesson, target, count=REPETITIONS)
        assert result.status == PASS, f"{sample_id(sample)}: {result.status}\n{result.message}"
    else:
        result = grade_lesson(lesson, target, count=REPETITIONS, every_repetition=True)
        assert result.status != PASS, f"{sample_id(sample)} passed"
        if result.status not in (FAIL, NOT_STARTED):
            return  # a timeout or a crash ends the run: no later repetition to prove
        assert result.failing_repetitions() == set(range(1, REPETITIONS + 1)), (
            f"{sample_id(sample)} passed repetition(s) "
            f"{sorted(set(range(1, REPETITIONS + 1)) - result.failing_repetitions())}"
        )
        assert result.message.strip()
