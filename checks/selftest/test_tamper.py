"""Code that reaches into the grader is TAMPERED, never PASS: every forgery in
forgeries.py is refused by the static scan, and again by the guard alone."""

import dataclasses

import pytest
from conftest import LESSONS, REPO_DIR
from forgeries import FORGERIES, INNOCENT

from kata import guard, static_scan
from kata.runner import FAIL, PASS, TAMPERED, grade_lesson, read_records
from lessons import lesson_named

LESSON = dataclasses.replace(lesson_named("02_lost_exception"), check_timeout=3.0)
SOLUTION = (REPO_DIR / "solutions" / LESSON.name / LESSON.filename).read_text()
STUB = (REPO_DIR / "exercises" / LESSON.name / LESSON.filename).read_text()


@pytest.mark.parametrize("static_scan_first", [True, False], ids=["static scan", "guard alone"])
@pytest.mark.parametrize("case", FORGERIES)
def test_forgery_is_refused(case, static_scan_first, make_target):
    target = make_target(LESSON, STUB + "\n" + FORGERIES[case])
    result = grade_lesson(LESSON, target, count=2, static_scan_first=static_scan_first)
    assert result.status == TAMPERED, f"{case}: {result.status}: {result.message}\n{result.output[-2000:]}"
    assert result.points == 0
    assert "grader" in result.message


@pytest.mark.parametrize("source, status", [(SOLUTION, PASS), (STUB, FAIL)], ids=["solution", "stub"])
def test_fair_code_near_the_line_is_graded_on_its_merits(source, status, make_target):
    result = grade_lesson(LESSON, make_target(LESSON, source + "\n" + INNOCENT), count=2)
    assert result.status == status, result.message


@pytest.mark.parametrize("tree", ["solutions", "exercises"])
def test_the_static_scan_finds_nothing_in_the_kata_itself(tree):
    for lesson in LESSONS:
        assert static_scan.findings(REPO_DIR / tree / lesson.name) == [], lesson.name


def test_the_static_scan_says_where():
    found = static_scan.findings_in_source("import sys\nx = 1\nsys.modules['kata.plugin'].f = None\n")
    assert found == [(3, "uses .modules")]


def signed(key, seq, kind="end"):
    payload = f'{{"kind": "{kind}", "seq": {seq}}}'
    return f"{payload} {guard.hmac.new(key, payload.encode(), 'sha256').hexdigest()}\n"


@pytest.mark.parametrize("lines, verdict", [
    (lambda key: signed(key, 0) + signed(key, 1), ["end", "end"]),
    (lambda key: signed(key, 0) + signed(b"other", 1), ["end", "tampered"]),
    (lambda key: signed(key, 0) + signed(key, 2), ["end", "tampered"]),
    (lambda key: signed(key, 0) + signed(key, 0), ["end", "tampered"]),
    (lambda key: signed(key, 0) + signed(key, 1)[:20], ["end"]),  # killed mid-write
])
def test_records_are_read_only_when_signed_and_in_order(lines, verdict, tmp_path):
    key = b"k" * 32
    path = tmp_path / "results.jsonl"
    path.write_text(lines(key))
    assert [record["kind"] for record in read_records(path, key)] == verdict
