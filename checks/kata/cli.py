"""Command line of the kata: `python checks/kata/cli.py grade [SELECTOR ...] [options]`.

`nox -s grade -- ARGS` runs exactly this. Exit status: 0 when every selected lesson
passes, 1 otherwise, 2 on a usage error.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kata import report  # noqa: E402
from kata.runner import PASS, REPO_DIR, grade_lesson  # noqa: E402
from lessons import LESSONS  # noqa: E402

USAGE_ERROR = 2


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


def resolve_target(target):
    if target in ("exercises", "solutions"):
        return REPO_DIR / target, f"{target}/"
    path = Path(target).expanduser().resolve()
    if not path.is_dir():
        raise UsageError(f"--target {target}: no such folder")
    return path, str(path)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="nox -s grade --", description="Grade the kata's exercises.")
    parser.add_argument("selectors", nargs="*", metavar="SELECTOR",
                        help="lesson number (03) or part of its name; default: every lesson")
    parser.add_argument("--target", default="exercises",
                        help="exercises (default), solutions, or a folder laid out like exercises/")
    parser.add_argument("--json", metavar="PATH", help="also write Gradescope results.json here")
    parser.add_argument("--count", type=int, default=5, help="repetitions of every check (default 5)")
    return parser.parse_args(argv)


def grade(argv) -> int:
    args = parse_args(argv)
    try:
        lessons = select_lessons(args.selectors)
        target, label = resolve_target(args.target)
        if args.count < 1:
            raise UsageError("--count must be at least 1")
    except UsageError as error:
        print(f"grade: {error}", file=sys.stderr)
        return USAGE_ERROR
    started = time.monotonic()
    results = []
    for position, lesson in enumerate(lessons, 1):
        print(f"[{position}/{len(lessons)}] grading {lesson.name} ...", end=" ", flush=True)
        result = grade_lesson(lesson, target, count=args.count)
        print(f"{result.status} ({result.seconds:.1f} s)", flush=True)
        results.append(result)
    print()
    print(report.scoreboard(results, target_label=label, count=args.count))
    if args.json:
        Path(args.json).write_text(report.gradescope_json(results, seconds=time.monotonic() - started))
        print(f"\nWrote {args.json}")
    return 0 if all(result.status == PASS for result in results) else 1


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "grade":
        print("usage: cli.py grade [SELECTOR ...] [--target T] [--json PATH] [--count N]", file=sys.stderr)
        return USAGE_ERROR
    return grade(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
