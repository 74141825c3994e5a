"""Benchmark: how long a learner waits for the verdict on one lesson, warm.

    .nox/grade/bin/python checks/bench/bench_practice.py [SELECTOR ...] [--runs N] [--target T]

Run it with a Python that has the grader's dependencies (the `grade` session's
virtualenv, created by one `nox -s grade`). For every selected lesson (default: all)
it times, after one unmeasured warm-up run:

* `nox -s grade -- NN --target T`: the whole command a learner types, nox startup and
  the reuse of the warm virtualenv included, grading with the default 5 repetitions;
* `grade_lesson(lesson, T, count=2)` in-process: what `nox -s watch` does on each save.

T defaults to `solutions`, the case a learner waits for most eagerly: code that passes,
so every check runs to its end. Learner state goes to a temporary file, so the real
.kata-state.json is never touched. The goal (issue 5) is under 1.5 s for one lesson.

Measured 2026-11-24 on the shared 2-core development machine (Python 3.11, warm
.nox/grade, load average 4-5 from other engineers' jobs), 5 runs, target solutions,
seconds:

    lesson                            nox -s grade -- NN      watch (in-process)
                                      mean   min   max        mean   min   max
    01_futures_vs_threading           0.60  0.56  0.63        0.29  0.22  0.33
    02_lost_exception                 0.62  0.46  1.12        0.22  0.22  0.22
    03_map_errors                     0.55  0.52  0.58        0.26  0.22  0.27
    04_safe_run                       0.49  0.45  0.54        0.22  0.22  0.22
    05_blocking_map                   0.51  0.48  0.53        0.23  0.22  0.27
    06_racy_counter                   0.50  0.46  0.55        0.22  0.22  0.22
    07_critical_section               1.64  1.32  2.24        0.55  0.52  0.57
    08_lock_vs_rlock                  0.52  0.50  0.54        0.23  0.22  0.25
    09_thread_local                   0.55  0.50  0.60        0.24  0.22  0.27
    10_cpu_bound_pool                 6.08  5.84  6.25        5.85  5.76  6.01
    11_asyncio_blocking               0.58  0.53  0.64        0.27  0.27  0.27
    12_pool_starvation                0.51  0.46  0.55        0.22  0.22  0.24
    13_backpressure                   0.53  0.51  0.54        0.27  0.22  0.32
    14_cancellation                   0.54  0.54  0.55        0.25  0.24  0.30

A warm single-lesson regrade takes about 0.5-0.6 s through `nox -s grade -- NN` (nox
itself starts in about 0.15 s, and it runs 5 repetitions to watch's 2) and about 0.25 s
in watch, for every lesson but two: 07 (1.3-1.6 s through nox, 0.55 s in watch) and
10, whose checks must show a process pool
beating a thread pool on CPU-bound work and so spend real CPU time by design (6 s on
a busy two-core machine, about 3 s on an idle one). Watch adds at most 0.4 s to notice
a save (0.3 s polling, 0.1 s for the editor to finish writing).
"""

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent
sys.path.insert(0, str(CHECKS_DIR))

from kata.cli import resolve_target, select_lessons  # noqa: E402
from kata.runner import grade_lesson  # noqa: E402


def nox_command():
    found = shutil.which("nox")
    return [found] if found else ["python3", "-m", "nox"]


def timed(function, runs):
    function()  # warm-up, not measured
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def summary(seconds):
    return f"{statistics.mean(seconds):5.2f} {min(seconds):5.2f} {max(seconds):5.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("selectors", nargs="*", metavar="SELECTOR")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--target", default="solutions")
    parser.add_argument("--nox", type=shlex.split, default=None, help="how to run nox (default: nox on PATH)")
    args = parser.parse_args()
    lessons = select_lessons(args.selectors)
    target, _ = resolve_target(args.target)
    nox = args.nox or nox_command()

    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        env = {**os.environ, "KATA_STATE_FILE": str(Path(scratch) / "state.json"), "NO_COLOR": "1"}

        def through_nox(lesson):
            command = [*nox, "-s", "grade", "--", f"{lesson.number:02d}", "--target", str(target)]
            done = subprocess.run(command, cwd=REPO_DIR, env=env, capture_output=True, text=True)
            if done.returncode not in (0, 1):
                sys.exit(f"{shlex.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")

        print(f"Warm single-lesson regrade, {args.runs} runs each, target {args.target}, seconds")
        print(f"  {'lesson':<34}{'nox -s grade -- NN':<24}watch (in-process)")
        print(f"  {'':<34}{'mean   min   max':<24}mean   min   max")
        for lesson in lessons:
            full = timed(lambda: through_nox(lesson), args.runs)
            quick = timed(lambda: grade_lesson(lesson, target, count=2), args.runs)
            print(f"  {lesson.name:<32}{summary(full):<24}  {summary(quick)}", flush=True)


if __name__ == "__main__":
    main()
