"""The verdict is decided from trusted records only."""

import importlib.util
import os
import sys
from pathlib import Path

from scenario_harness import grading

from kata import plugin, runner
from kata.runner import ERROR, FAIL, PASS, TAMPERED, TIMEOUT, ProcessRun, grade_lesson, verdict
from lessons import LESSONS

LESSON = LESSONS[0]


def plan(items=2):
    return {"kind": "plan", "checks": [{"name": "check_a", "title": "A", "items": items}]}


def outcome(result, repetition=1, message=""):
    return {"kind": "outcome", "check": "check_a", "item": f"a[{repetition}]",
            "repetition": repetition, "result": result, "message": message}


def start(repetition=1):
    return {"kind": "start", "check": "check_a", "item": f"a[{repetition}]"}


END = {"kind": "end", "exitstatus": 0}
EXITED = ProcessRun(returncode=0, killed=False, output="", output_bytes=0)
KILLED = ProcessRun(returncode=-9, killed=True, output="", output_bytes=0)


def status(records, run=EXITED):
    return verdict(LESSON, records, run, 10).status


def test_every_repetition_seen_passing_is_a_pass():
    assert status([plan(), start(1), outcome("passed", 1), start(2), outcome("passed", 2), END]) == PASS


def test_a_missing_repetition_is_never_a_pass():
    assert status([plan(), start(1), outcome("passed", 1), END]) == ERROR


def test_no_records_at_all_is_an_error_even_with_exit_status_0():
    assert status([]) == ERROR


def test_process_ending_without_end_record_is_an_error():
    assert status([plan(), start(1), outcome("passed", 1), start(2)]) == ERROR


def test_killed_at_the_hard_limit_is_a_timeout():
    assert status([plan(), start(1), outcome("passed", 1), start(2)], KILLED) == TIMEOUT
    assert status([], KILLED) == TIMEOUT


def test_the_worst_problem_decides():
    assert status([plan(), outcome("failed", 1), outcome("timeout", 2), END]) == TIMEOUT
    assert status([plan(), outcome("failed", 1), outcome("passed", 2), END]) == FAIL
    assert status([plan(), outcome("timeout", 1), outcome("broken", 2), END]) == ERROR


def test_only_skips_are_not_a_pass():
    assert status([plan(), outcome("skipped", 1), outcome("skipped", 2), END]) == ERROR


def test_a_check_skipped_by_itself_does_not_block_a_pass():
    other = {"name": "check_b", "title": "B", "items": 1}
    records = [plan(), outcome("passed", 1), outcome("passed", 2), END]
    records[0]["checks"].append(other)
    records.insert(3, {**outcome("skipped", 1, "no second CPU"), "check": "check_b"})
    assert status(records) == PASS


def test_a_tampered_record_outweighs_every_pass():
    records = [plan(1), start(), outcome("passed"), {"kind": "tampered", "reason": "it did x"}, END]
    result = verdict(LESSON, records, EXITED, 10)
    assert result.status == TAMPERED and result.points == 0
    assert "it did x" in result.message


def two_checks_plan(items=3):
    return {"kind": "plan", "checks": [{"name": name, "title": name, "items": items}
                                       for name in ("check_a", "check_b")]}


def test_a_check_seen_passing_and_never_failing_counts_once_the_grading_stopped():
    # The grading ends with the repetition that failed: check_b ran once, and passed.
    records = [two_checks_plan(), start(1), outcome("failed", 1, "lost"),
               {**outcome("passed", 1), "check": "check_b"}, END]
    result = verdict(LESSON, records, EXITED, 10)
    assert result.status == FAIL
    assert result.checks_passed == 1


def test_the_repetition_that_fails_is_the_last_one_graded(make_target):
    corpus = runner.CHECKS_DIR / LESSON.name / "corpus"
    target = make_target(LESSON, (corpus / "wrong_as_completed_order.py").read_text())
    result = grade_lesson(LESSON, target, count=3)
    assert result.status == FAIL
    repetitions = {outcome["repetition"] for check in result.checks for outcome in check.outcomes}
    assert repetitions == {1}
    assert all(check.outcomes for check in result.checks)  # every check ran once


def test_the_graders_bytecode_is_written_and_never_the_learners(make_target, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    runner.compile_the_grader.cache_clear()
    target = make_target(LESSON, (runner.REPO_DIR / "solutions" / LESSON.name / LESSON.filename).read_text())
    assert grade_lesson(LESSON, target, count=1).status == PASS
    for graders_file in (runner.CHECKS_DIR / "kata" / "scheduler" / "_search.py",
                         runner.CHECKS_DIR / LESSON.name / "check_futures_vs_threading.py"):
        assert Path(importlib.util.cache_from_source(str(graders_file))).is_file()
    assert not list(Path(target).rglob("__pycache__"))


def test_the_learners_module_is_imported_afresh_for_each_check_and_compiled_once(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)  # as in the grading process
    learner_file = tmp_path / LESSON.name / "shop.py"
    learner_file.parent.mkdir()
    learner_file.write_text("ORDERS = []\ndef total():\n    return 1\n")
    with grading(LESSON, tmp_path / LESSON.name, repetition=1):
        first, second = plugin.load_learner("shop"), plugin.load_learner("shop")
        assert first.ORDERS is not second.ORDERS  # no state carried from one check to the next
        assert first.total.__code__ is second.total.__code__
        learner_file.write_text("ORDERS = []\ndef total():\n    return 2\n")
        assert plugin.load_learner("shop").total() == 2
    assert not (learner_file.parent / "__pycache__").exists()


def test_a_process_kept_ready_grades_the_next_submission_and_none_is_left_behind(make_target):
    corpus = runner.CHECKS_DIR / LESSON.name / "corpus"
    correct = make_target(LESSON)
    with runner.processes_kept_ready():
        assert grade_lesson(LESSON, correct, count=1).status == PASS
        (waiting,) = runner._kept_ready._ready.values()
        assert waiting.poll() is None
        wrong = make_target(LESSON, (corpus / "wrong_as_completed_order.py").read_text())
        assert grade_lesson(LESSON, wrong, count=1).status == FAIL  # in `waiting`
        assert waiting.poll() is not None and waiting not in runner._kept_ready._ready.values()
        (next_one,) = runner._kept_ready._ready.values()
        # Another interpreter setting (a forced start method) gets a process of its own.
        correct = make_target(LESSON)  # the same folder again, with the reference
        forced = grade_lesson(LESSON, correct, count=1, start_method="spawn")
        assert forced.status == PASS, forced.message
        assert len(runner._kept_ready._ready) == 2 and next_one in runner._kept_ready._ready.values()
        left_over = list(runner._kept_ready._ready.values())
    assert not runner._kept_ready._ready
    assert all(process.poll() is not None for process in left_over)


def test_a_process_kept_ready_leaves_when_its_runner_goes_without_a_job():
    process = runner.start_grading_process(sys.executable, dict(os.environ))
    process.stdin.close()  # what a runner that dies does to it
    assert process.wait(timeout=60) == 0
    assert process.stdout.read() == b""
