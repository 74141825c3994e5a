"""Grade a whole class: `nox -s grade-class -- SUBMISSIONS [--out DIR] [--jobs N]`.

SUBMISSIONS holds one folder per student: either laid out like exercises/ or a whole
clone of the kata (then its exercises/ is graded). Every lesson of every student is
graded with the teacher's own checks and solutions, several at once (one grading
subprocess per lesson, each with its own time, CPU and memory limits, so one hostile
submission costs at most its own limit). The output folder gets:

    gradebook.csv                      one row per student, one column per lesson, total
    summary.md                         pass rates, the most common failing check of each
                                       lesson, TAMPERED lessons, possible copying
    students/NAME/results.json         the student's Gradescope results
    students/NAME/lessons/LESSON.json  one lesson's verdict, with a fingerprint of what
                                       was graded (the run's resume points)

Resumable: each lesson's verdict is written atomically as soon as it is known; a run
started again regrades only the lessons whose files (or the teacher's checks, or the
repetition count) changed since.
"""

import ast
import csv
import hashlib
import io
import json
import os
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from kata import pristine, report
from kata.display import is_terminal
from kata.runner import CHECKS_DIR, ERROR, PASS, REPO_DIR, TAMPERED, LessonResult, grade_lesson, side_by_side
from kata.state import write_atomically


@dataclass(frozen=True)
class Student:
    name: str
    folder: Path  # laid out like exercises/


def exercises_folder(folder: Path, lessons) -> Path:
    """The folder laid out like exercises/ in a student's submission: the folder itself,
    the exercises/ of a clone of the kata, or either of those inside the one folder an
    unpacked archive often wraps them in."""
    folder = Path(folder)
    for candidate in (folder, folder / "exercises"):
        if any((candidate / lesson.name).is_dir() for lesson in lessons):
            return candidate.resolve()
    inner = [path for path in folder.iterdir() if path.is_dir() and not path.name.startswith((".", "__"))] \
        if folder.is_dir() else []
    if len(inner) == 1:
        return exercises_folder(inner[0], lessons)
    return folder.resolve()


def find_students(submissions: Path, lessons) -> list:
    """One Student per folder of `submissions`, named after the folder."""
    return [Student(folder.name, exercises_folder(folder, lessons)) for folder in sorted(Path(submissions).iterdir())
            if folder.is_dir() and not folder.name.startswith(".")]


def fingerprint(folder: Path, lesson, count: int) -> str:
    """What a lesson's verdict depends on: the student's files, the teacher's checks of
    the lesson, and the number of repetitions."""
    digest = hashlib.sha256(f"{lesson.name} {count}\n".encode())
    for root in (folder / lesson.name, CHECKS_DIR / lesson.name):
        try:
            files = sorted(path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
            for path in files:
                digest.update(f"{path.relative_to(root)}\n".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as error:  # unreadable: never equal to a saved fingerprint
            digest.update(f"unreadable {error} {time.time()}".encode())
    return digest.hexdigest()


# --- copying -------------------------------------------------------------------------


def normalised(folder: Path):
    """The lesson folder's code up to formatting, comments and docstrings (its .py files'
    ASTs), or None when there is none that parses."""
    parts = []
    for path in sorted(Path(folder).glob("*.py")):
        try:
            tree = ast.parse(path.read_text(errors="replace"))
        except (SyntaxError, ValueError):
            return None
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
                node.body = body[1:] or [ast.Pass()]
        parts.append(f"{path.name}\n{ast.dump(tree, annotate_fields=False)}")
    return "\n".join(parts) or None


def copying_flags(students, lessons, reference: Path) -> dict:
    """{(student name, lesson name): note} for lessons that equal the reference solution
    up to formatting and comments, or equal another student's submission. Flags for a
    teacher to look at, never grades: a short exercise has few right answers."""
    flags = {}
    for lesson in lessons:
        solution, stub = normalised(reference / lesson.name), normalised(REPO_DIR / "exercises" / lesson.name)
        groups = defaultdict(list)
        for student in students:
            if pristine.is_pristine(lesson, student.folder):
                continue  # everyone starts from the same stub...
            code = normalised(student.folder / lesson.name)
            if code is None or code == stub:
                continue  # ...and may only have added comments to it
            if code == solution:
                flags[(student.name, lesson.name)] = "identical to the reference solution"
            else:
                groups[code].append(student.name)
        for names in groups.values():
            for name in names if len(names) > 1 else ():
                others = ", ".join(other for other in names if other != name)
                flags[(name, lesson.name)] = f"identical to {others}"
    return flags


# --- grading ---------------------------------------------------------------------------


class Progress:
    """A bar with an ETA on a terminal, one plain line per finished student otherwise."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stdout
        self.total, self.done, self.started = total, 0, time.monotonic()
        self.terminal = is_terminal(self.stream)

    def eta(self) -> str:
        if not self.done:
            return "ETA -"
        seconds = (time.monotonic() - self.started) / self.done * (self.total - self.done)
        return f"ETA {int(seconds // 60)}m{int(seconds % 60):02d}s"

    def lesson_done(self):
        self.done += 1
        if self.terminal:
            filled = int(30 * self.done / max(self.total, 1))
            self.stream.write(f"\r  [{'#' * filled}{'-' * (30 - filled)}] {self.done}/{self.total} lessons "
                              f"graded  {self.eta()}   ")
            self.stream.flush()

    def student_done(self, name: str, summaries):
        if self.terminal:
            return
        points = sum(summary["points"] for summary in summaries)
        possible = sum(summary["max_points"] for summary in summaries)
        print(f"  {name}: {points}/{possible} points  ({self.done}/{self.total} lessons graded, {self.eta()})",
              file=self.stream, flush=True)

    def finish(self):
        if self.terminal:
            self.stream.write("\n")


def lesson_file(out: Path, student, lesson) -> Path:
    return out / "students" / student.name / "lessons" / f"{lesson.name}.json"


def saved_verdict(path: Path, wanted: str):
    """The verdict saved by an earlier run if it graded exactly these files, else None."""
    try:
        summary = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) and summary.get("fingerprint") == wanted else None


def grade_class(submissions, out, *, lessons, jobs=None, count=5, reference=None, stream=None) -> dict:
    """Grade every student's every lesson into `out`; returns {student name: summaries}."""
    out, reference = Path(out), Path(reference or REPO_DIR / "solutions")
    students = find_students(Path(submissions), lessons)
    verdicts = {student.name: {} for student in students}
    pending = []
    for student in students:
        for lesson in lessons:
            wanted = fingerprint(student.folder, lesson, count)
            summary = saved_verdict(lesson_file(out, student, lesson), wanted)
            if summary is None:
                pending.append((student, lesson, wanted))
            else:
                verdicts[student.name][lesson.name] = summary
    progress = Progress(len(pending), stream)
    print(f"Grading {len(students)} students, {len(lessons)} lessons each: {len(pending)} to grade"
          + (f", {len(students) * len(lessons) - len(pending)} kept from an earlier run" if
             len(pending) < len(students) * len(lessons) else ""), file=progress.stream, flush=True)

    def grade(student, lesson, wanted):
        try:
            result = grade_lesson(lesson, student.folder, count=count, reference=reference,
                                  abandon=interrupted)
        except Exception as error:  # e.g. an unreadable folder: this lesson only, not the class
            result = LessonResult(lesson, ERROR, f"The grader could not grade this folder: {error}", [], 0.0)
        if interrupted.is_set():
            return None  # killed, not graded: a rerun grades this lesson again
        summary = {**report.lesson_summary(result), "fingerprint": wanted}
        write_atomically(lesson_file(out, student, lesson), json.dumps(summary, indent=1) + "\n")
        return summary

    # On Ctrl-C the gradings in progress are killed; the lessons graded are kept, and
    # the same command resumes.
    with side_by_side(jobs or os.cpu_count() or 1) as (submit, interrupted):
        futures = {submit(grade, *task): task for task in pending}
        for future in as_completed(futures):
            student, lesson, _ = futures[future]
            verdicts[student.name][lesson.name] = future.result()
            progress.lesson_done()
            if len(verdicts[student.name]) == len(lessons):
                progress.student_done(student.name, verdicts[student.name].values())
    progress.finish()

    graded = {name: [by_lesson[lesson.name] for lesson in lessons] for name, by_lesson in verdicts.items()}
    for name, summaries in graded.items():
        seconds = sum(summary["seconds"] for summary in summaries)
        write_atomically(out / "students" / name / "results.json", report.gradescope_json(summaries, seconds=seconds))
    flags = copying_flags(students, lessons, reference)
    write_atomically(out / "gradebook.csv", gradebook_csv(graded, lessons, flags))
    write_atomically(out / "summary.md", summary_md(graded, lessons, flags, count))
    return graded


# --- what the teacher reads ---------------------------------------------------------------


def gradebook_csv(graded, lessons, flags) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["student", *(f"{lesson.number:02d}" for lesson in lessons), "total", "max", "tampered", "copying"])
    for name, summaries in graded.items():
        tampered = [summary["number"] for summary in summaries if summary["status"] == TAMPERED]
        copying = [f"{lesson.number:02d}: {flags[(name, lesson.name)]}" for lesson in lessons
                   if (name, lesson.name) in flags]
        writer.writerow([name, *(summary["points"] for summary in summaries),
                         sum(summary["points"] for summary in summaries),
                         sum(summary["max_points"] for summary in summaries),
                         " ".join(tampered), "; ".join(copying)])
    return text.getvalue()


def summary_md(graded, lessons, flags, count) -> str:
    students = len(graded)
    lines = ["# Class summary", "",
             f"{students} students, {len(lessons)} lessons, every check repeated {count} times.", "",
             "| Lesson | Pass rate | Statuses | Most common failing check |", "|---|---|---|---|"]
    for index, lesson in enumerate(lessons):
        column = [summaries[index] for summaries in graded.values()]
        passed = sum(summary["status"] == PASS for summary in column)
        statuses = Counter(summary["status"] for summary in column)
        failing = Counter(summary["failing_check"] for summary in column
                          if summary["status"] != PASS and summary["failing_check"])
        common = f"{failing.most_common(1)[0][0]} ({failing.most_common(1)[0][1]})" if failing else "-"
        rate = f"{passed}/{students} ({100 * passed // max(students, 1)}%)"
        lines.append(f"| {lesson.number:02d} {lesson.title} | {rate} | "
                     f"{', '.join(f'{status} {n}' for status, n in sorted(statuses.items()))} | {common} |")
    tampered = [(name, summary) for name, summaries in graded.items() for summary in summaries
                if summary["status"] == TAMPERED]
    lines += ["", "## TAMPERED (0 points: the code reached into the grader)", ""]
    lines += [f"- {name}, lesson {summary['number']}: {first_words(summary['message'])}"
              for name, summary in tampered] or ["None."]
    lines += ["", "## Possible copying (flags to look at, not grades)", ""]
    lines += [f"- {name}, lesson {lesson_name[:2]}: {note}" for (name, lesson_name), note in sorted(flags.items())] \
        or ["None."]
    return "\n".join(lines) + "\n"


def first_words(message: str) -> str:
    """The start of a verdict's message on one line: what it says and its first detail."""
    return " ".join(line.strip() for line in message.splitlines()[:2])
