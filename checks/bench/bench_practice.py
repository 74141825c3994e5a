"""Benchmark: how long a learner waits for the verdict on one lesson, warm.

    .nox/grade/bin/python checks/bench/bench_practice.py [SELECTOR ...] [--runs N] [--target T]

Run it with a Python that has the grader's dependencies (the `grade` session's
virtualenv, created by one `nox -s grade`). For every selected lesson (default: all)
it times, after one unmeasured warm-up run:

* `nox -s grade -- NN --target T`: the whole command a learner types, nox startup and
  the reuse of the warm virtualenv included, grading with the default 5 repetitions;
* `grade_lesson(lesson, T, count=2)` in-process, shared by two processes where two
  CPUs are free, the next grading's processes started ahead and ready (as after a
  learner's edit): what `nox -s watch` does on each save.

T defaults to `solutions`, the case a learner waits for most eagerly: code that passes,
so every check runs to its end. Learner state goes to a temporary file, so the real
.kata-state.json is never touched. The goal (issue 5) is under 1.5 s for one lesson.

Measured 2026-11-24 on the 2-core development machine (Python 3.11, warm .nox/grade,
load average about 0.8), 3 runs, target solutions, seconds:

    lesson                            nox -s grade -- NN      watch (in-process)
                                      mean   min   max        mean   min   max
    01_futures_vs_threading           0.51  0.50  0.52        0.22  0.22  0.22
    02_lost_exception                 0.45  0.45  0.45        0.22  0.22  0.22
    03_map_errors                     0.50  0.50  0.50        0.22  0.22  0.22
    04_safe_run                       0.49  0.45  0.50        0.22  0.22  0.22
    05_blocking_map                   0.47  0.46  0.49        0.22  0.22  0.22
    06_racy_counter                   0.68  0.65  0.74        0.32  0.32  0.32
    07_critical_section               0.70  0.65  0.77        0.32  0.32  0.32
    08_lock_vs_rlock                  1.25  1.16  1.34        0.55  0.47  0.62
    09_thread_local                   0.53  0.52  0.54        0.27  0.27  0.27
    10_cpu_bound_pool                 2.31  2.19  2.55        1.95  1.88  2.04
    11_asyncio_blocking               0.53  0.51  0.56        0.27  0.27  0.27
    12_pool_starvation                0.52  0.48  0.55        0.22  0.22  0.22
    13_backpressure                   0.53  0.50  0.58        0.22  0.22  0.22
    14_cancellation                   0.54  0.51  0.56        0.22  0.22  0.22

A warm single-lesson regrade is under 1.5 s for every lesson but one, through
`nox -s grade -- NN` (nox itself starts in about 0.15 s, and it runs 5 repetitions to
watch's 2) and in watch. The exception is 10: its checks must show a process pool at
work and compare its speed with the reference in fresh processes, so they spend real
CPU time by design. Watch adds at most 0.4 s to notice a save (0.3 s polling, 0.1 s for
the editor to finish writing). The scheduler-backed lessons (06-08) are the slowest of
the rest: every repetition explores every interleaving with up to two forced switches.
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
from kata.runner import grade_lesson, processes_kept_ready, processes_per_grading  # noqa: E402


def nox_command():
    found = shutil.which("nox")
    return [found] if found else ["python3", "-m", "nox"]


def timed(function, runs, before_each=lambda: None):
    function()  # warm-up, not measured
    seconds = []
    for _ in range(runs):
        before_each()
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
            with processes_kept_ready() as wait_until_ready:  # as watch mode grades, after an edit
                quick = timed(lambda: grade_lesson(lesson, target, count=2, processes=processes_per_grading()),
                              args.runs, before_each=wait_until_ready)
            print(f"  {lesson.name:<32}{summary(full):<24}  {summary(quick)}", flush=True)


if __name__ == "__main__":
    main()
