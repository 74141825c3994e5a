"""Benchmark: every verdict of every lesson, right or wrong, and how long it takes.

    .nox/grade/bin/python checks/bench/bench_verdicts.py [SELECTOR ...] [--count N] [--runs N]
                                                         [--every-repetition]

For every selected lesson (default: all) it grades, warm, in-process like `nox -s watch`
(with the next grading's processes started ahead and a lesson's checks shared by two
processes where two CPUs are free, as watch mode does):
the reference solution, the shipped stub and every blind-corpus submission
(checks/NN_slug/corpus/), each `--runs` times with `--count` repetitions, and prints per
submission the verdict, whether it is the right one (reference and correct_* pass; stub
and wrong_* fail), the seconds to verdict (mean and max) and, where the lesson's checks
report them, the scenarios generated and schedules explored.

By default it grades as `nox -s grade` does (the repetition that fails is the last), so
the seconds are what a learner waits. With --every-repetition every repetition runs to
its first failing check and a stub or wrong_* is right only if it fails every one: the
soak of the corpus, slower for wrong submissions.

The targets (issue 8): every verdict within 2 s warm on the 2-core machine, the whole
reference set under 10 s, and no wrong verdict in 20 repetitions
(`--count 20 --every-repetition`). Exit status 1 when a verdict is wrong.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent
sys.path.insert(0, str(CHECKS_DIR))

from kata import host  # noqa: E402
from kata.runner import PASS, grade_lesson, processes_kept_ready, processes_per_grading  # noqa: E402
from lessons import LESSONS  # noqa: E402

TARGET_SECONDS = 2.0


def submissions(lesson):
    """(label, source path, should pass) for the reference, the stub and the corpus."""
    yield "reference", REPO_DIR / "solutions" / lesson.name / lesson.filename, True
    yield "stub", REPO_DIR / "exercises" / lesson.name / lesson.filename, False
    for path in sorted((CHECKS_DIR / lesson.name / "corpus").glob("*.py")):
        yield path.stem, path, path.name.startswith("correct_")


def grade_source(lesson, source, count, workdir, every_repetition=False):
    folder = Path(workdir) / lesson.name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / lesson.filename)
    return grade_lesson(lesson, workdir, count=count, every_repetition=every_repetition,
                        processes=processes_per_grading())


def right_verdict(result, should_pass, count, every_repetition):
    if should_pass:
        return result.status == PASS
    if every_repetition:
        return result.failing_repetitions() == set(range(1, count + 1))
    return result.status != PASS


def reference_set_side_by_side(lessons, count):
    """Seconds to grade every reference solution with one grading per usable CPU at a time."""
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=host.usable_cpus()) as pool:
        list(pool.map(lambda lesson: grade_lesson(lesson, REPO_DIR / "solutions", count=count), lessons))
    return time.monotonic() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("selectors", nargs="*")
    parser.add_argument("--count", type=int, default=5, help="repetitions per grading (default 5)")
    parser.add_argument("--runs", type=int, default=1, help="gradings per submission (default 1)")
    parser.add_argument("--every-repetition", action="store_true",
                        help="run every repetition; a wrong submission must fail each one")
    options = parser.parse_args(argv)
    lessons = [lesson for lesson in LESSONS
               if not options.selectors or any(lesson.matches(s) for s in options.selectors)]

    wrong, slow, reference_seconds = [], [], 0.0
    print(f"{'submission':48} {'verdict':12} {'right':5} {'mean s':>6} {'max s':>6}  stats")
    with processes_kept_ready() as wait_until_ready:  # as in watch mode: see kata.runner
        for lesson in lessons:
            print(lesson.name)
            # One unmeasured warm-up, so imports and caches do not count against the first row.
            with tempfile.TemporaryDirectory(prefix="kata-bench-") as workdir:
                grade_source(lesson, REPO_DIR / "solutions" / lesson.name / lesson.filename, 1, workdir)
            for label, source, should_pass in submissions(lesson):
                seconds, verdicts = [], set()
                for _ in range(options.runs):
                    with tempfile.TemporaryDirectory(prefix="kata-bench-") as workdir:
                        wait_until_ready()  # as they are after a learner's edit
                        started = time.monotonic()
                        result = grade_source(lesson, source, options.count, workdir, options.every_repetition)
                        seconds.append(time.monotonic() - started)
                    verdicts.add(right_verdict(result, should_pass, options.count, options.every_repetition))
                right = verdicts == {True}
                stats = ", ".join(f"{key} {value}" for key, value in sorted(getattr(result, "stats", {}).items()))
                print(f"  {label:46} {result.status:12} {'yes' if right else 'NO':5} "
                      f"{statistics.mean(seconds):6.2f} {max(seconds):6.2f}  {stats}")
                if not right:
                    wrong.append(f"{lesson.name}/{label}: {result.status}")
                if max(seconds) > TARGET_SECONDS:
                    slow.append(f"{lesson.name}/{label}: {max(seconds):.2f} s")
                if label == "reference":
                    reference_seconds += statistics.mean(seconds)

    print(f"\nwhole reference set: {reference_seconds:.1f} s (target under 10 s)")
    if not options.every_repetition:
        print(f"  graded side by side as `nox -s grade` does ({host.usable_cpus()} at a time): "
              f"{reference_set_side_by_side(lessons, options.count):.1f} s")
    print(f"verdicts over {TARGET_SECONDS:g} s: {len(slow)}" + "".join(f"\n  {line}" for line in slow))
    print(f"wrong verdicts: {len(wrong)}" + "".join(f"\n  {line}" for line in wrong))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
