"""Command line of the kata: `python checks/kata/cli.py COMMAND [ARGS]`; each nox
session runs one command (`nox -s grade -- ARGS` runs `cli.py grade ARGS`).

    grade [SELECTOR ...] [--target T] [--json PATH] [--classroom PATH] [--count N] [--jobs N]
                                      grade and score
    grade-class SUBMISSIONS [--out DIR] [--jobs N] [--count N] [--lessons SELECTOR ...]
                                      grade a class: gradebook, results.json, summary
    watch [--count N]                 regrade the lesson in progress on every save
    list                              every lesson's status, points and the next lesson
    hint [SELECTOR]                   the next hint (default: the lesson in progress)
    reset SELECTOR ... [--yes]        restore the original stub
    solution SELECTOR                 the reference solution, once the lesson passes

Exit status: 0 on success (for grade: every selected lesson passes), 1 otherwise (a
lesson fails, reset refused, solution not unlocked yet), 2 on a usage error.
"""

import argparse
import base64
import importlib.util
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kata import host, practice, report  # noqa: E402
from kata.display import Ticker, style_for  # noqa: E402
from kata.runner import PASS, REPO_DIR, grade_lesson, processes_per_grading, side_by_side  # noqa: E402
from kata.state import State, exercises_dir  # noqa: E402
from lessons import LESSONS  # noqa: E402

USAGE_ERROR = 2
INTERRUPTED = 130
GRADER_PLUGINS = ("pytest", "pytest_timeout", "pytest_repeat")


class UsageError(Exception):
    pass


def select_lessons(selectors):
    if not selectors:
        return list(LESSONS)
    chosen = []
    for selector in selectors:
        matches = [lesson for lesson in LESSONS if lesson.matches(selector)]
        if not matches:
            names = ", ".join(lesson.name for lesson in LESSONS)
            raise UsageError(f"no lesson matches {selector!r}; lessons are: {names}")
        chosen += [lesson for lesson in matches if lesson not in chosen]
    return sorted(chosen, key=lambda lesson: lesson.number)


def select_one(selector):
    """One lesson by selector, or the lesson in progress when there is no selector."""
    if selector is None:
        upcoming = practice.next_up(practice.course())
        if upcoming is None:
            raise UsageError("every lesson passes; name the lesson you mean, e.g. 02")
        return upcoming.lesson
    lessons = select_lessons([selector])
    if len(lessons) > 1:
        names = ", ".join(lesson.name for lesson in lessons)
        raise UsageError(f"{selector!r} matches several lessons ({names}); use its number")
    return lessons[0]


def resolve_target(target):
    if target == "exercises":
        return exercises_dir(), "exercises/"
    if target == "solutions":
        return REPO_DIR / target, f"{target}/"
    path = Path(target).expanduser().resolve()
    if not path.is_dir():
        raise UsageError(f"--target {target}: no such folder")
    return path, str(path)


def require_grader():
    missing = [name for name in GRADER_PLUGINS if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(f"this Python ({sys.executable}) lacks {', '.join(missing)}; "
                         "run the kata through nox (nox -s grade), which installs them")


def parser_for(command, description):
    return argparse.ArgumentParser(prog=f"nox -s {command} --", description=description)


def parse_grade(argv):
    parser = parser_for("grade", "Grade the kata's exercises.")
    parser.add_argument("selectors", nargs="*", metavar="SELECTOR",
                        help="lesson number (03) or part of its name; default: every lesson")
    parser.add_argument("--target", default="exercises",
                        help="exercises (default), solutions, or a folder laid out like exercises/")
    parser.add_argument("--json", metavar="PATH", help="also write Gradescope results.json here")
    parser.add_argument("--classroom", metavar="PATH",
                        help="also write GitHub Classroom runner results here, base64-encoded "
                        "(the value of the reporter's <RUNNER>_RESULTS variable)")
    parser.add_argument("--count", type=int, default=5, help="repetitions of the checks (default 5)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="lessons graded at the same time (default: one per usable CPU); "
                        "verdicts are printed in lesson order either way")
    return parser.parse_args(argv)


def grade(argv) -> int:
    args = parse_grade(argv)
    lessons = select_lessons(args.selectors)
    target, label = resolve_target(args.target)
    if args.count < 1 or (args.jobs is not None and args.jobs < 1):
        raise UsageError("--count and --jobs must be at least 1")
    require_grader()
    # Grades of the learner's own exercises are remembered (nox -s list, solution);
    # grading the solutions or someone else's folder leaves the learner state alone.
    learner = target == exercises_dir()
    style = style_for(sys.stdout)
    if learner:
        practice.welcome_once(sys.stdout, style)
    started = time.monotonic()
    results = []
    # Each lesson is graded in a process of its own, so gradings can overlap: two at a
    # time halve the wait for every lesson on two cores. Verdicts print in lesson order.
    fingerprints = {lesson.name: practice.fingerprint_of(lesson, target) for lesson in lessons}
    # A CPU left over (one lesson graded) is shared by that lesson's checks.
    jobs = args.jobs or host.usable_cpus()
    processes = processes_per_grading(min(jobs, len(lessons)))
    with side_by_side(jobs) as (submit, abandon):
        gradings = [submit(grade_lesson, lesson, target, count=args.count, abandon=abandon, processes=processes)
                    for lesson in lessons]
        for position, (lesson, grading) in enumerate(zip(lessons, gradings), 1):
            with Ticker(f"[{position}/{len(lessons)}] grading {lesson.name}") as ticker:
                result = grading.result()
                ticker.done(f"{style.status(result.status)} ({result.seconds:.1f} s)")
            results.append(result)
            if learner and fingerprints[lesson.name] is not None:
                state = State.load()
                practice.record_grade(state, result, fingerprint=fingerprints[lesson.name], count=args.count)
                state.save()
    print()
    print(report.scoreboard(results, target_label=label, count=args.count, style=style))
    summaries = [report.lesson_summary(result) for result in results]
    if args.json:
        Path(args.json).write_text(report.gradescope_json(summaries, seconds=time.monotonic() - started))
        print(f"\nWrote {args.json}")
    if args.classroom:
        encoded = base64.b64encode(report.classroom_json(summaries).encode()).decode()
        Path(args.classroom).write_text(encoded + "\n")
        print(f"\nWrote {args.classroom}")
    if learner:
        solved = [f"{result.lesson.number:02d}" for result in results if result.status == PASS]
        if solved:
            print(f"\n  Solved! Compare with the reference solution: nox -s solution -- {solved[0]}"
                  + (f" (also {', '.join(solved[1:])})" if solved[1:] else ""))
        print("", *practice.next_step(practice.course(folder=target), style), sep="\n")
    return 0 if all(result.status == PASS for result in results) else 1


def grade_class(argv) -> int:
    parser = parser_for("grade-class", "Grade a class: one folder per student in SUBMISSIONS.")
    parser.add_argument("submissions", metavar="SUBMISSIONS",
                        help="a folder with one folder per student (laid out like exercises/, or a clone of the kata)")
    parser.add_argument("--out", metavar="DIR", help="where the gradebook goes (default: SUBMISSIONS-grades)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="lessons graded at once (default: one per CPU)")
    parser.add_argument("--count", type=int, default=5, help="repetitions of the checks (default 5)")
    parser.add_argument("--lessons", nargs="+", default=[], metavar="SELECTOR", help="default: every lesson")
    args = parser.parse_args(argv)
    submissions = Path(args.submissions).expanduser().resolve()
    if not submissions.is_dir():
        raise UsageError(f"{args.submissions}: no such folder")
    if args.count < 1 or args.jobs < 1:
        raise UsageError("--count and --jobs must be at least 1")
    require_grader()
    from kata.class_grading import grade_class as run_class

    out = Path(args.out).expanduser().resolve() if args.out else submissions.with_name(f"{submissions.name}-grades")
    try:
        graded = run_class(submissions, out, lessons=select_lessons(args.lessons), jobs=args.jobs, count=args.count)
    except KeyboardInterrupt:
        print(f"\nInterrupted. Finished lessons are kept in {out}; the same command continues.", file=sys.stderr)
        return INTERRUPTED
    print(f"\nGraded {len(graded)} students into {out}: gradebook.csv, summary.md, students/NAME/results.json")
    return 0


def watch(argv) -> int:
    parser = parser_for("watch", "Regrade the lesson in progress every time you save.")
    parser.add_argument("--count", type=int, default=2,
                        help="repetitions of the checks on each save (default 2; nox -s grade runs 5)")
    args = parser.parse_args(argv)
    if args.count < 1:
        raise UsageError("--count must be at least 1")
    require_grader()
    from kata.watch import watch as run_watch

    return run_watch(count=args.count)


def progress(argv) -> int:
    parser_for("list", "Every lesson's status and points, and the next lesson.").parse_args(argv)
    style = style_for(sys.stdout)
    practice.welcome_once(sys.stdout, style)
    practice.show_list(sys.stdout, style)
    return 0


def hint(argv) -> int:
    parser = parser_for("hint", "The next hint for a lesson, one level at a time.")
    parser.add_argument("selector", nargs="?", metavar="SELECTOR",
                        help="lesson number or part of its name; default: the lesson in progress")
    args = parser.parse_args(argv)
    lesson = select_one(args.selector)
    style = style_for(sys.stdout)
    practice.welcome_once(sys.stdout, style)
    practice.show_hint(lesson, sys.stdout, style)
    return 0


def reset(argv) -> int:
    parser = parser_for("reset", "Restore a lesson's original stub.")
    parser.add_argument("selectors", nargs="+", metavar="SELECTOR", help="lesson number or part of its name")
    parser.add_argument("--yes", action="store_true", help="replace your changes (a backup is kept)")
    args = parser.parse_args(argv)
    lessons = select_lessons(args.selectors)
    style = style_for(sys.stdout)
    ok = True
    for lesson in lessons:
        try:
            ok = practice.reset(lesson, yes=args.yes, out=sys.stdout, style=style) and ok
        except practice.PracticeError as error:
            print(f"reset {lesson.number:02d}: {error}", file=sys.stderr)
            ok = False
    return 0 if ok else 1


def solution(argv) -> int:
    parser = parser_for("solution", "The reference solution of a lesson you have solved, and a diff.")
    parser.add_argument("selector", metavar="SELECTOR", help="lesson number or part of its name")
    args = parser.parse_args(argv)
    lesson = select_one(args.selector)
    return 0 if practice.show_solution(lesson, sys.stdout, style_for(sys.stdout)) else 1


COMMANDS = {"grade": grade, "grade-class": grade_class, "watch": watch, "list": progress, "hint": hint, "reset": reset,
            "solution": solution}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: cli.py {{{','.join(COMMANDS)}}} [ARGS]   (see the module docstring)", file=sys.stderr)
        return USAGE_ERROR
    command, *rest = argv
    try:
        return COMMANDS[command](rest)
    except UsageError as error:
        print(f"{command}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
