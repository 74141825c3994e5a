"""The self-paced practice commands (list, hint, reset, solution, and what `grade`
records), driven as a learner would: the CLI in a subprocess, in a throw-away
workspace (see learner_workspace.py)."""

import io
import json
import re
import shutil
import subprocess

import pytest
from conftest import LESSONS, REPO_DIR
from learner_workspace import recoverable_lesson, solution_text, workspace  # noqa: F401

from kata import display, pristine, report
from kata.runner import NOT_STARTED, PASS
from kata.state import State

FIRST = LESSONS[0]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def number(lesson):
    return f"{lesson.number:02d}"


def test_list_welcomes_once_and_shows_every_lesson(workspace):
    first = workspace.run("list")
    assert first.returncode == 0, first.stderr
    assert "Welcome" in first.stdout and "nox -s watch" in first.stdout
    for lesson in LESSONS:
        assert re.search(rf"{number(lesson)}\s+{re.escape(lesson.title)}\s+{NOT_STARTED}", first.stdout)
    assert f"0/{len(LESSONS)} lessons done" in first.stdout
    assert f"Next: {number(FIRST)} {FIRST.title}" in first.stdout
    assert not ANSI.search(first.stdout), "a pipe gets plain text"
    again = workspace.run("list")
    assert "Welcome" not in again.stdout
    assert workspace.state()["welcomed"] is True


def test_grade_records_the_verdict_and_list_notices_later_edits(workspace):
    workspace.solve(FIRST)
    done = workspace.run("grade", number(FIRST), "--count", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"nox -s solution -- {number(FIRST)}" in done.stdout
    assert f"1/{len(LESSONS)} lessons done" in done.stdout
    record = workspace.state()["lessons"][FIRST.name]
    assert record["status"] == PASS and record["fingerprint"] == pristine.fingerprint(workspace.file(FIRST))

    listed = workspace.run("list").stdout
    assert re.search(rf"{number(FIRST)}\s+{re.escape(FIRST.title)}\s+PASS", listed)
    assert f"1/{len(LESSONS)} lessons done, {FIRST.points}/" in listed
    if len(LESSONS) > 1:
        assert f"Next: {number(LESSONS[1])}" in listed

    workspace.save(FIRST, solution_text(FIRST) + "\n# tidied up\n")
    listed = workspace.run("list").stdout
    assert "changed since graded" in listed
    assert f"0/{len(LESSONS)} lessons done" in listed
    assert f"nox -s grade -- {number(FIRST)}" in listed


def test_grading_someone_elses_folder_leaves_the_learner_state_alone(workspace):
    done = workspace.run("grade", number(FIRST), "--target", "solutions", "--count", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Welcome" not in done.stdout
    assert not workspace.state_file.exists()


def test_hints_advance_one_level_at_a_time_and_are_remembered(workspace):
    lesson = LESSONS[-1]
    for level in range(1, len(lesson.hints) + 1):
        shown = workspace.run("hint", number(lesson))
        assert shown.returncode == 0, shown.stderr
        assert f"Hint {level} of {len(lesson.hints)}" in shown.stdout
        assert lesson.hints[level - 1].split()[0] in shown.stdout
        assert workspace.state()["hints"][lesson.name] == level
    last = workspace.run("hint", number(lesson)).stdout
    assert f"seen all {len(lesson.hints)} hints" in last and "concept" in last
    # Without a lesson: the lesson in progress, the first one not passing.
    assert f"Hint 1 of {len(FIRST.hints)} for {number(FIRST)}" in workspace.run("hint").stdout


def test_solution_only_after_passing_then_with_a_diff(workspace):
    refused = workspace.run("solution", number(FIRST))
    assert refused.returncode == 1
    assert "opens once your code passes" in refused.stdout
    assert "solutions/" not in refused.stdout

    workspace.solve(FIRST, extra="\n# my own note\n")
    assert workspace.run("grade", number(FIRST), "--count", "1").returncode == 0
    shown = workspace.run("solution", number(FIRST))
    assert shown.returncode == 0, shown.stderr
    assert f"solutions/{FIRST.name}/{FIRST.filename}" in shown.stdout
    assert "-# my own note" in shown.stdout and "(reference)" in shown.stdout


def test_reset_refuses_to_overwrite_work_without_yes(workspace):
    lesson = recoverable_lesson()
    if lesson is None:
        pytest.skip("no lesson's stub is in git history (not a git clone?)")
    work = "# my attempt\n" + workspace.file(lesson).read_text()
    workspace.save(lesson, work)
    refused = workspace.run("reset", number(lesson))
    assert refused.returncode == 1
    assert "--yes" in refused.stdout
    assert workspace.file(lesson).read_text() == work

    done = workspace.run("reset", number(lesson), "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    assert pristine.is_pristine(lesson, workspace.exercises)
    backups = list((workspace.root / ".nox" / "kata-backups" / lesson.name).iterdir())
    assert [backup.read_text() for backup in backups] == [work]
    assert str(backups[0]) in done.stdout
    assert not list(workspace.exercises.rglob(f"{workspace.file(lesson).stem}-*")), "no backup in exercises/"

    again = workspace.run("reset", number(lesson))
    assert again.returncode == 0 and "already the original stub" in again.stdout


def test_reset_restores_a_deleted_file_and_forgets_its_grade(workspace):
    lesson = recoverable_lesson()
    if lesson is None:
        pytest.skip("no lesson's stub is in git history (not a git clone?)")
    state = State.load()
    state.set_record(lesson, status=PASS, fingerprint="x", checks=(1, 1), count=1)
    state.save()
    workspace.file(lesson).unlink()
    assert "MISSING" in workspace.run("list").stdout
    done = workspace.run("reset", number(lesson))
    assert done.returncode == 0, done.stdout + done.stderr
    assert pristine.is_pristine(lesson, workspace.exercises)
    assert lesson.name not in workspace.state()["lessons"]


@pytest.mark.parametrize("breakage, words", [
    ({"PATH": "/nonexistent"}, "git is not installed"),
    ({"GIT_DIR": "/nonexistent/.git"}, "cannot read the git history"),
])
def test_reset_without_git_history_says_why(workspace, breakage, words):
    workspace.save(FIRST, "# my attempt\n")
    done = workspace.run("reset", number(FIRST), "--yes", env=breakage)
    assert done.returncode == 1
    assert words in done.stderr
    assert workspace.file(FIRST).read_text() == "# my attempt\n", "nothing replaced on failure"


def test_a_corrupt_state_file_is_a_fresh_start(workspace):
    workspace.state_file.write_text("{not json")
    listed = workspace.run("list")
    assert listed.returncode == 0 and "Welcome" in listed.stdout
    assert "ignoring unreadable" in listed.stderr
    workspace.state_file.write_text(json.dumps({"hints": [], "lessons": {FIRST.name: "bogus"}}))
    assert workspace.run("hint", number(FIRST)).returncode == 0
    assert workspace.state()["hints"] == {FIRST.name: 1}


@pytest.mark.parametrize("args", [["hint", "zzz"], ["reset"], ["solution"], ["solution", "zzz"],
                                  ["list", "extra"], ["watch", "--count", "0"], ["nonsense"]])
def test_usage_errors_exit_2(workspace, args):
    done = workspace.run(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip()


def test_finishing_the_course_is_congratulated(workspace):
    for lesson in LESSONS:
        workspace.solve(lesson)
    done = workspace.run("grade", "--count", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Congratulations" in done.stdout
    listed = workspace.run("list").stdout
    assert "Congratulations" in listed and f"{len(LESSONS)}/{len(LESSONS)} lessons done" in listed
    assert workspace.run("hint").returncode == 2, "no lesson in progress: name one"


# Display ----------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    encoding = "utf-8"

    def isatty(self):
        return True


@pytest.mark.parametrize("env, colour", [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_colour_only_on_a_terminal_without_no_color(monkeypatch, env, colour):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert display.wants_colour(FakeTerminal()) is colour
    assert display.wants_colour(io.StringIO()) is False
    painted = display.style_for(FakeTerminal()).status(PASS, 12)
    assert bool(ANSI.search(painted)) is colour
    assert ANSI.sub("", painted) == f"{PASS:<12}"


def test_the_scoreboard_keeps_its_columns_in_colour():
    class Result:
        lesson, status, checks, points, message, output_bytes, skip_notes = FIRST, PASS, [], 10, "", 0, []
        checks_passed = 0

    plain = report.scoreboard([Result()], target_label="x", count=1)
    coloured = report.scoreboard([Result()], target_label="x", count=1, style=display.Style(True, "utf-8"))
    assert ANSI.sub("", coloured) == plain and coloured != plain


def test_nox_sessions_pass_exit_statuses_through(workspace):
    nox = shutil.which("nox")
    if nox is None:
        pytest.skip("nox is not installed here")

    def run(*args):
        return subprocess.run([nox, "--no-color", *args], capture_output=True, text=True, cwd=REPO_DIR,
                              env=workspace.env, timeout=120)

    listed = run("-s", "list")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert FIRST.title in listed.stdout
    assert run("-s", "solution", "--", number(FIRST)).returncode == 1
    assert run("-s", "hint", "--", "zzz").returncode == 2
