"""The verdict is decided from trusted records only."""

import importlib.util
import os
import sys
import types
from pathlib import Path

import pytest

from scenario_harness import grading

from kata import plugin, runner
from kata.runner import ERROR, FAIL, PASS, TAMPERED, TIMEOUT, ProcessRun, grade_lesson, merged, verdict
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


# --- a lesson shared by two grading processes ------------------------------------------


def shared_verdict(*gradings):
    return verdict(LESSON, *merged(list(gradings)), 10)


def test_two_processes_that_each_ran_their_checks_give_one_pass():
    mine = [two_checks_plan(2), start(1), outcome("passed", 1), start(2), outcome("passed", 2), END]
    theirs = [two_checks_plan(2)] + [{**record, "check": "check_b"} for record in mine[1:-1]] + [END]
    assert shared_verdict((mine, EXITED), (theirs, EXITED)).status == PASS
    # A check both ran (claims tampered with) is seen twice as often as planned: no pass.
    assert shared_verdict((mine, EXITED), (theirs, EXITED), (mine, EXITED)).status == ERROR


def test_two_processes_are_cut_at_the_first_repetition_that_failed_in_either():
    # check_a failed in repetition 1; the other process ran on to a timeout in repetition 3
    # before it saw that: one process would have stopped after repetition 1.
    mine = [two_checks_plan(), start(1), outcome("failed", 1, "lost"), END]
    theirs = [two_checks_plan()] + [{**record, "check": "check_b"} for record in (
        start(1), outcome("passed", 1), start(2), outcome("passed", 2), start(3), outcome("timeout", 3))] + [END]
    result = shared_verdict((mine, EXITED), (theirs, EXITED))
    assert result.status == FAIL and "lost" in result.message
    assert result.failing_repetitions() == {1} and result.checks_passed == 1


def test_in_the_repetition_that_got_stuck_only_the_checks_before_it_count():
    # One process alone stops at a timeout: in that repetition the checks after the
    # stuck one (plan order) never run. Another process ran check_a after check_b stuck.
    stuck_b = [two_checks_plan(2), {**start(1), "check": "check_b"},
               {**outcome("passed", 1), "check": "check_b"}, {**start(2), "check": "check_b"},
               {**outcome("timeout", 2), "check": "check_b"}, END]
    broken_a = [two_checks_plan(2), start(1), outcome("passed", 1), start(2), outcome("broken", 2), END]
    assert shared_verdict((stuck_b, EXITED), (broken_a, EXITED)).status == ERROR  # check_a comes first
    failed_a = [two_checks_plan(2), start(1), outcome("passed", 1), start(2), outcome("failed", 2), END]
    stuck_a = [two_checks_plan(2), start(1), outcome("passed", 1), start(2), outcome("timeout", 2), END]
    broken_b = [{**record, "check": "check_b"} if record["kind"] in ("start", "outcome") else record
                for record in broken_a]
    assert shared_verdict((failed_a, EXITED), (broken_b, EXITED)).status == ERROR
    assert shared_verdict((stuck_a, EXITED), (broken_b, EXITED)).status == TIMEOUT  # check_b never ran


def test_one_process_killed_or_silent_decides_for_both():
    passed_a = [two_checks_plan(1), start(1), outcome("passed", 1), END]
    stuck_b = [two_checks_plan(1), {**start(1), "check": "check_b"}]
    result = shared_verdict((stuck_b, KILLED), (passed_a, EXITED))
    assert result.status == TIMEOUT and 'during check "check_b"' in result.message
    assert shared_verdict((passed_a, EXITED), ([], EXITED)).status == ERROR
    assert shared_verdict((passed_a, EXITED), (stuck_b, EXITED)).status == ERROR  # no end record


def test_processes_that_planned_different_checks_are_an_error_of_the_grader():
    other_plan = [plan(2), start(1), outcome("passed", 1), start(2), outcome("passed", 2), END]
    mine = [two_checks_plan(2), start(1), outcome("passed", 1), start(2), outcome("passed", 2), END]
    result = shared_verdict((mine, EXITED), (other_plan, EXITED))
    assert result.status == ERROR and "fault of the grader" in result.message


def test_a_long_search_ends_once_another_process_found_an_earlier_repetition_failing(tmp_path, monkeypatch):
    monkeypatch.setattr(plugin, "RUN", types.SimpleNamespace(claims=tmp_path, repetition=2,
                                                             failed_repetitions=set(), stop_reason=None))
    plugin.still_needed()  # nothing failed yet
    (tmp_path / "failed-in-2").touch()
    plugin.still_needed()  # this repetition failed elsewhere: its outcomes still count
    (tmp_path / "failed-in-1").touch()
    with pytest.raises(pytest.skip.Exception, match="not run: repetition 1 already failed"):
        plugin.still_needed()


# Notes the process that imports it, and at the first import waits (15 s at most) for
# the other process to import it too, which it does in the next check it claims: without
# the wait a quick lesson may be claimed whole by the process that starts first.
NOTE_THE_PROCESS = """
import os as _os
import time as _time
from pathlib import Path as _Path
_pids = _Path(__file__).with_name("pids")
(_pids / str(_os.getpid())).touch()
_deadline = _time.monotonic() + 15
while len(list(_pids.iterdir())) < 2 and _time.monotonic() < _deadline:
    _time.sleep(0.01)
"""


def test_a_lesson_shared_by_two_processes_is_graded_by_both_with_the_verdict_of_one(make_target):
    solution = (runner.REPO_DIR / "solutions" / LESSON.name / LESSON.filename).read_text()
    target = make_target(LESSON, solution + NOTE_THE_PROCESS)
    (Path(target) / LESSON.name / "pids").mkdir()
    result = grade_lesson(LESSON, target, count=3, processes=2)
    assert result.status == PASS, result.message
    assert len(list((Path(target) / LESSON.name / "pids").iterdir())) == 2
    for check in result.checks:
        assert sorted(outcome["repetition"] for outcome in check.outcomes) == [1, 2, 3], check.name

    corpus = runner.CHECKS_DIR / LESSON.name / "corpus"
    wrong = make_target(LESSON, (corpus / "wrong_as_completed_order.py").read_text())
    alone, shared = grade_lesson(LESSON, wrong, count=3), grade_lesson(LESSON, wrong, count=3, processes=2)
    assert shared.status == alone.status == FAIL and shared.message == alone.message
    assert shared.failing_repetitions() == {1} and shared.checks_passed == alone.checks_passed
    assert {outcome["repetition"] for check in shared.checks for outcome in check.outcomes} == {1}


def test_learner_code_that_plays_with_the_claims_never_passes(make_target):
    """It runs in the folder that holds them: claiming every check, or saying that a
    repetition failed, leaves checks unrun, never seen passing."""
    solution = (runner.REPO_DIR / "solutions" / LESSON.name / LESSON.filename).read_text()
    for trick in ("for _name in ('check_prices_in_input_order', 'check_max_workers_kept_busy_never_exceeded',\n"
                  "              'check_supplier_error_reaches_the_caller', 'check_no_skus_and_a_repeated_sku'):\n"
                  "    open(_os.path.join('claims', _name), 'a').close()\n",
                  "open(_os.path.join('claims', 'failed-in-1'), 'a').close()\n"):
        target = make_target(LESSON, solution + "\nimport os as _os\ntry:\n    "
                             + trick.replace("\n", "\n    ").rstrip() + "\nexcept OSError:\n    pass\n")
        result = grade_lesson(LESSON, target, count=2, processes=2)
        assert result.status == ERROR and "never seen passing" in result.message, trick


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


def test_processes_kept_ready_grade_the_next_submissions_and_none_is_left_behind(make_target):
    corpus = runner.CHECKS_DIR / LESSON.name / "corpus"
    correct = make_target(LESSON)

    def kept():
        return [process for ready in runner._kept_ready._ready.values() for process in ready]

    with runner.processes_kept_ready() as wait_until_ready:
        assert grade_lesson(LESSON, correct, count=1).status == PASS
        (waiting,) = kept()
        wait_until_ready()
        assert waiting.ready.is_set() and waiting.poll() is None
        wrong = make_target(LESSON, (corpus / "wrong_as_completed_order.py").read_text())
        assert grade_lesson(LESSON, wrong, count=1).status == FAIL  # in `waiting`
        assert waiting.poll() is not None and waiting not in kept()
        (next_one,) = kept()
        # A grading shared by two processes takes the one kept and leaves two for the next.
        correct = make_target(LESSON)  # the same folder again, with the reference
        assert grade_lesson(LESSON, correct, count=2, processes=2).status == PASS
        assert next_one.poll() is not None and len(kept()) == 2
        # Another interpreter setting (a forced start method) gets a process of its own.
        two = kept()
        forced = grade_lesson(LESSON, correct, count=1, start_method="spawn")
        assert forced.status == PASS, forced.message
        assert len(runner._kept_ready._ready) == 2 and set(two) < set(kept())
        left_over = kept()
    assert not runner._kept_ready._ready
    assert all(process.poll() is not None for process in left_over)


def test_a_process_kept_ready_leaves_when_its_runner_goes_without_a_job():
    process = runner.start_grading_process(sys.executable, dict(os.environ))
    process.stdin.close()  # what a runner that dies does to it
    assert process.wait(timeout=60) == 0
    assert process.ready.wait(timeout=60) and process.first_line == b""
    assert process.stdout.read() == b""
