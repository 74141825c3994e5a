"""`nox -s grade` as a learner and a teacher use it (the CLI it runs)."""

import json

import pytest
from conftest import LESSONS, needs_scheduler, run_cli

from kata.cli import select_lessons, UsageError


@pytest.mark.parametrize("args", [["no-such-lesson"], ["99"], ["--target", "/no/such/folder"], ["--count", "0"],
                                  ["--jobs", "0"], ["--bogus-option"]])
def test_usage_errors_exit_2(args):
    done = run_cli("grade", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip()


def test_selectors_by_number_and_name():
    first = LESSONS[0]
    assert select_lessons([f"{first.number:02d}"]) == [first]
    assert select_lessons([str(first.number)]) == [first]
    assert select_lessons([first.slug.split("_")[0]])[0] == first
    assert select_lessons([]) == list(LESSONS)
    with pytest.raises(UsageError):
        select_lessons(["zzz"])


@needs_scheduler
def test_solutions_pass_with_exit_0_and_gradescope_json(tmp_path):
    report = tmp_path / "results.json"
    done = run_cli("grade", "--target", "solutions", "--count", "1", "--json", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(report.read_text())
    assert data["score"] == data["max_score"] == sum(lesson.points for lesson in LESSONS)
    assert {"score", "max_score", "execution_time", "output", "tests"} <= set(data)
    assert [test["name"] for test in data["tests"]] == [f"{l.number:02d} {l.title}" for l in LESSONS]
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output"} <= set(test)
        assert test["status"] == "passed"
    assert "PASS" in done.stdout and "Total:" in done.stdout
    # Graded two at a time (one per CPU by default), reported in lesson order.
    reported = [line.split("grading ")[1].split(" ")[0] for line in done.stdout.splitlines() if "] grading " in line]
    assert reported == [lesson.name for lesson in LESSONS]


def test_exercises_fail_with_exit_1_and_teaching_messages():
    first = LESSONS[0]
    done = run_cli("grade", f"{first.number:02d}", "--count", "1")
    assert done.returncode == 1
    assert "NOT STARTED" in done.stdout
    assert f"nox -s grade -- {first.number:02d}" in done.stdout
    assert "Revisit:" in done.stdout
