"""Self-paced practice: progress, hints, reset and reference solutions.

Every lesson's status comes from the learner state (kata.state): the last grade of the
lesson and the fingerprint of the file it graded. A file that is still the shipped stub
is NOT STARTED; a file edited since its last grade keeps that grade's status, marked
"changed since graded", and does not count as done. Nothing here grades, so these
commands answer at once; `nox -s grade` and `nox -s watch` record new grades.
"""

import difflib
import hashlib
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kata import pristine, report
from kata.display import PLAIN
from kata.runner import NOT_STARTED, PASS, REPO_DIR
from kata.state import State, backups_dir, exercises_dir
from lessons import LESSONS

NOT_GRADED, MISSING = "NOT GRADED", "MISSING"


class PracticeError(Exception):
    """A command could not do what was asked; the message says why and what to do."""


@dataclass
class Progress:
    lesson: object
    status: str  # PASS, FAIL, TIMEOUT, ERROR, NOT STARTED, NOT GRADED or MISSING
    stale: bool = False  # the file changed since this status was graded
    checks: tuple = None  # (passed, total) of the recorded grade

    @property
    def done(self) -> bool:
        return self.status == PASS and not self.stale

    @property
    def points(self) -> int:
        return self.lesson.points if self.done else 0


def learner_file(lesson, folder=None) -> Path:
    return Path(folder or exercises_dir()) / lesson.name / lesson.filename


def shown(path: Path) -> str:
    """A path as the learner would type it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPO_DIR))
    except ValueError:
        return str(path)


def fingerprint_of(lesson, folder=None):
    path = learner_file(lesson, folder)
    return pristine.fingerprint(path) if path.is_file() else None


def progress_of(lesson, state: State, folder=None) -> Progress:
    folder = folder or exercises_dir()
    fingerprint = fingerprint_of(lesson, folder)
    if fingerprint is None:
        return Progress(lesson, MISSING)
    if fingerprint == pristine.recorded().get(pristine.stub_key(lesson)):
        return Progress(lesson, NOT_STARTED)
    record = state.record(lesson)
    if record is None:
        return Progress(lesson, NOT_GRADED)
    checks = record.get("checks")
    checks = tuple(checks) if isinstance(checks, list) and len(checks) == 2 else None
    return Progress(lesson, record["status"], record.get("fingerprint") != fingerprint, checks)


def course(state=None, folder=None) -> list:
    state = state or State.load()
    return [progress_of(lesson, state, folder) for lesson in LESSONS]


def next_up(progress):
    """The lesson in progress: the first one not done, or None when all are."""
    return next((entry for entry in progress if not entry.done), None)


def record_grade(state: State, result, *, fingerprint, count) -> None:
    """Remember a grade of the learner's file (fingerprinted before grading)."""
    checks = (result.checks_passed, len(result.checks))
    state.set_record(result.lesson, status=result.status, fingerprint=fingerprint, checks=checks,
                     count=count)


# What a learner sees around the grades -------------------------------------------------

def welcome_once(out, style=PLAIN) -> bool:
    """Print the welcome on the learner's first command; True when it was printed."""
    state = State.load()
    if state.welcomed:
        return False
    first = LESSONS[0]
    print(style("Welcome to the ThreadPoolExecutor kata!", "bold"), file=out)
    print(f"""
Each folder in exercises/ is a small program with a concurrency bug. Fix it, save,
and the grader tells you whether it now holds up and, if not, what to revisit.

  nox -s watch            regrade the lesson in progress every time you save
  nox -s list             your progress, and the next lesson
  nox -s hint -- NN       a hint for lesson NN, one level at a time
  nox -s reset -- NN      start lesson NN over from the original stub
  nox -s solution -- NN   the reference solution, once your code passes

Start with {first.number:02d} {first.title}: read exercises/{first.name}/README.md,
then fix its code.
""", file=out)
    state.welcomed = True
    state.save()
    return True


def congratulation(progress, style=PLAIN) -> str:
    points = sum(entry.points for entry in progress)
    return "\n".join([
        style(f"Congratulations! All {len(progress)} lessons pass: {points}/{points} points.", "green", "bold"),
        "You have fixed the bugs that real concurrent code has. Compare your code with",
        "the reference solutions (nox -s solution -- NN) and take the habits to your own",
        "projects.",
    ])


def next_lines(progress, style=PLAIN, *, watching=False) -> list:
    """What to do next, or the congratulation when every lesson passes."""
    upcoming = next_up(progress)
    if upcoming is None:
        return ["", congratulation(progress, style)]
    lesson = upcoming.lesson
    then = "" if watching else ", then run `nox -s watch`"
    return [f"  Next: {style(f'{lesson.number:02d} {lesson.title}', 'bold')}: read "
            f"exercises/{lesson.name}/README.md{then}"]


def next_step(progress, style=PLAIN) -> list:
    """The progress bar and what to do next."""
    return [report.progress_line(progress, style), *next_lines(progress, style)]


def show_list(out, style=PLAIN, *, watching=False) -> None:
    progress = course()
    print(report.progress_board(progress, style), file=out)
    stale = [entry for entry in progress if entry.stale]
    if stale:
        numbers = " ".join(f"{entry.lesson.number:02d}" for entry in stale)
        print(f"\n  Changed since graded: the status is from an earlier grade. Regrade: nox -s grade -- {numbers}",
              file=out)
    missing = [entry for entry in progress if entry.status == MISSING]
    if missing:
        numbers = " ".join(f"{entry.lesson.number:02d}" for entry in missing)
        print(f"  MISSING: the lesson's file is gone. Restore the original stub: nox -s reset -- {numbers}",
              file=out)
    print("  Statuses are from your last grade of each lesson; `nox -s grade` regrades them all.",
          file=out)
    print("", *next_lines(progress, style, watching=watching), sep="\n", file=out)


# Hints ------------------------------------------------------------------------------

def show_hint(lesson, out, style=PLAIN) -> None:
    """Reveal the lesson's next hint (all revealed ones stay listed, the new one last)."""
    state = State.load()
    hints = lesson.hints
    seen = state.hint_level(lesson)
    level = min(seen + 1, len(hints))
    state.set_hint_level(lesson, level)
    state.save()
    title = f"{lesson.number:02d} {lesson.title}"
    if seen >= len(hints):
        print(f"You have seen all {len(hints)} hints for {title}:", file=out)
    else:
        print(f"Hint {level} of {len(hints)} for {title}:", file=out)
    for number, hint in enumerate(hints[:level], 1):
        text = report.wrapped(f"{number}. {hint}", indent="  ")
        print(text if number == level else style(text, "dim"), file=out)
    if seen >= len(hints):
        print(report.wrapped(f"Revisit the concept: {lesson.concept}", indent="  "), file=out)
        print(f"  and exercises/{lesson.name}/README.md", file=out)
    elif level < len(hints):
        print(style(f"  (ask again for hint {level + 1}: nox -s hint -- {lesson.number:02d})", "dim"), file=out)


# Reset ------------------------------------------------------------------------------

def pristine_source(lesson) -> bytes:
    """The shipped stub, recovered from git history: the newest committed version of
    exercises/NN_slug/<module>.py whose fingerprint is the one in checks/pristine.json."""
    relative = f"exercises/{lesson.name}/{lesson.filename}"
    wanted = pristine.recorded().get(pristine.stub_key(lesson))
    if not wanted:
        raise PracticeError(f"checks/pristine.json has no fingerprint for {relative}, so the original "
                            "stub is unknown.")

    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=REPO_DIR, capture_output=True, timeout=60)
        except FileNotFoundError:
            raise PracticeError("git is not installed, and the original stub is recovered from the "
                                f"repository's history. Copy {relative} from the course repository "
                                "instead.") from None

    log = git("log", "--format=%H", "--", relative)
    if log.returncode != 0:
        raise PracticeError(f"cannot read the git history of {relative} (git says: "
                            f"{log.stderr.decode(errors='replace').strip()}). Is this a git clone of the kata?")
    for commit in log.stdout.decode().split():
        blob = git("show", f"{commit}:./{relative}")
        if blob.returncode == 0 and hashlib.sha256(blob.stdout.replace(b"\r\n", b"\n")).hexdigest() == wanted:
            return blob.stdout
    raise PracticeError(f"no committed version of {relative} is the original stub (is the lesson "
                        "committed yet?). Copy it from the course repository instead.")


def reset(lesson, *, yes, out, style=PLAIN) -> bool:
    """Put the original stub back. Returns False when it refused or could not."""
    path = learner_file(lesson)
    if path.is_file() and pristine.is_pristine(lesson, exercises_dir()):
        print(f"{shown(path)} is already the original stub; nothing to reset.", file=out)
        return True
    if path.exists() and not yes:
        print(f"{shown(path)} has your changes. To replace them with the original stub, run\n"
              f"  nox -s reset -- {lesson.number:02d} --yes\n"
              f"(a copy of your version is kept in {shown(backups_dir())}/).", file=out)
        return False
    source = pristine_source(lesson)
    backup = None
    if path.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = backups_dir() / lesson.name / f"{path.stem}-{stamp}{path.suffix}"
        for number in range(2, 1000):
            if not backup.exists():
                break
            backup = backup.with_name(f"{path.stem}-{stamp}-{number}{path.suffix}")
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(source)
    state = State.load()
    state.forget(lesson)
    state.save()
    print(style(f"Restored {shown(path)} to the original stub.", "green"), file=out)
    if backup:
        print(f"Your previous version is in {shown(backup)}", file=out)
    return True


# Reference solutions ----------------------------------------------------------------

def solution_file(lesson) -> Path:
    return REPO_DIR / "solutions" / lesson.name / lesson.filename


def show_solution(lesson, out, style=PLAIN) -> bool:
    """The reference solution's path and a diff against the learner's file, but only
    once the learner's current file passes. Returns False when it refused."""
    entry = progress_of(lesson, State.load())
    number = f"{lesson.number:02d}"
    if not entry.done:
        if entry.status == PASS:
            print(f"Your {lesson.filename} changed since it passed. Regrade it (nox -s grade -- {number}); "
                  "the reference solution opens again once it passes.", file=out)
        else:
            print(f"The reference solution of {number} {lesson.title} opens once your code passes. "
                  f"Keep going: nox -s watch, or a hint: nox -s hint -- {number}", file=out)
        return False
    yours, reference = learner_file(lesson), solution_file(lesson)
    print(f"Reference solution: {shown(reference)}", file=out)
    diff = list(difflib.unified_diff(
        yours.read_text().splitlines(keepends=True), reference.read_text().splitlines(keepends=True),
        fromfile=f"{shown(yours)} (yours)", tofile=f"{shown(reference)} (reference)"))
    if not diff:
        print("Your code is identical to the reference solution.", file=out)
        return True
    print("How it differs from yours (- yours, + reference):\n", file=out)
    colours = {"+": "green", "-": "red", "@": "cyan"}
    for line in diff:
        line = line.rstrip("\n")
        kind = colours.get(line[:1]) if not line.startswith(("+++", "---")) else "bold"
        print(style(line, kind) if kind else line, file=out)
    return True
