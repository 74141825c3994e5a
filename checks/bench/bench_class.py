"""Demo and benchmark: the whole generated class of 30 students, every lesson.

    .nox/grade/bin/python checks/bench/bench_class.py [--count N] [--jobs N] [--keep DIR]

Run it with a Python that has the grader's dependencies (the `grade` session's
virtualenv). It writes the 30 students of checks/selftest/class_fixture.py (solved,
unsolved, wrong, broken, stuck, exiting, forging and copying work) for all 14 lessons,
grades them with `grade_class` as `nox -s grade-class` does, and prints the time, the
statuses counted, and the summary. The self-test grades the same class on two lessons
only, to stay fast; this is the full 30 x 14. The stuck student costs each lesson's
check timeout (20 s), in parallel with the others.

Measured 2026-11-28 on the 2-core development machine (Python 3.11, --count 1, 2 jobs):
420 lessons in 353 s; every verdict as the fixture expects (PASS 331, NOT STARTED 57,
ERROR 16, TAMPERED 11, FAIL 4, TIMEOUT 1).
"""

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parents[1] / "selftest")]

from class_fixture import make_class  # noqa: E402

from kata.class_grading import grade_class  # noqa: E402
from lessons import LESSONS, lesson_named  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", metavar="DIR", help="write the class and its grades here, and keep them")
    args = parser.parse_args()
    # Lesson 02 first: the forgeries are written against its stub.
    lessons = [lesson_named("02_lost_exception")] + [lesson for lesson in LESSONS if lesson.number != 2]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.keep or scratch)
        expected = make_class(root / "submissions", lessons)
        started = time.monotonic()
        graded = grade_class(root / "submissions", root / "grades", lessons=sorted(lessons, key=lambda l: l.number),
                             jobs=args.jobs, count=args.count)
        seconds = time.monotonic() - started
        wrong = [(name, summary["lesson"], summary["status"], expected[name][summary["lesson"]])
                 for name, summaries in graded.items() for summary in summaries
                 if summary["status"] != expected[name][summary["lesson"]]]
        print(f"\n{len(graded)} students x {len(lessons)} lessons in {seconds:.0f} s (--count {args.count})")
        print("statuses:", dict(Counter(s["status"] for summaries in graded.values() for s in summaries)))
        print("unexpected:", wrong or "none")
        print((root / "grades" / "summary.md").read_text())
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
