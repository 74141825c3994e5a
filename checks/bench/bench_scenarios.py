"""Benchmark of the scenario checks of lessons 06, 07 and 08 (not a test).

    python checks/bench/bench_scenarios.py [--repetitions 5] [--samples] [LESSON ...]

Runs each lesson's scenario checks (the check_* functions that call
kata.scenarios.require_linearizable) in this process, repetition by repetition as
the grader does, on the reference solution, the shipped stub and, with
--samples, every submission in checks/selftest/scenario_samples/ for the lesson.
For each it prints the verdict, over all repetitions the scenarios generated
(`gen`: handed to the engine), explored (`scen`: up to the first failure) and the
schedules explored (`sched`) and the time to verdict: per repetition (mean and worst) and
for all repetitions together (the grader's default is 5). A check that fails
ends its repetition, as in the grader. Run it with the grader's virtualenv
(.nox/grade/bin/python) or any Python with pytest.

Measured 2026-11-28 on the project's machine kind (2 cores, shared with other work:
load average 4-6 during these runs), 5 repetitions. The counts are the same on every
interpreter (the search is deterministic; the sampled scenarios depend only on the
repetition number); the times are "all repetitions" in seconds on
3.10.13 / 3.12.1 / 3.13.0:

  lesson       submission   verdict                            gen  scen  sched   3.10  3.12  3.13
  06 Inventory reference    pass                               105    39    993   0.72  0.37  0.36
  06 Inventory stub         fail (check_two_orders_at_once)     95    30     65   0.10  0.15  0.16
  07 GiftCard  reference    pass                               165    54   1181   1.11  0.66  0.48
  07 GiftCard  stub         fail (check_two_callers_at_once)   155    41    255   0.19  0.22  0.19
  08 Ledger    reference    pass                               235    65   1623   1.36  0.81  0.98
  08 Ledger    stub         fail (check_one_caller, deadlock)  160     7      7   0.05  0.06  0.13

The first repetition explores every scenario (rep max: 0.13-0.65 s); the later ones
only their own sampled scenarios, since a scenario that passed is not explored
again for the same source. With --samples on 3.12.1 the 32 corpus submissions took
0.11-0.52 s (wrong ones, each failing every repetition with its minimal scenario)
and 0.40-1.26 s (right ones), except per-account locks taken in a global order:
2.52 s (3399 schedules: its many switch points push every two-thread scenario past
the 100-schedule cap of the two-preemption search, so it is searched twice, and its
three-thread scenarios are large). `nox -s grade -- NN` end to end, warm, with the
lesson's pool check (process_orders / settle), at that load: 06 1.61 / 1.46 s,
07 2.08 / 1.70 s, 08 2.21 / 1.46 s for the reference / the stub; about 1.3 s of it
is starting nox and the grading subprocess (an unloaded machine measured
0.6-1.1 s for 06 and 07, 1.8 s for 08, before the three-thread draws).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent
SAMPLES_DIR = CHECKS_DIR / "selftest" / "scenario_samples"
sys.path[:0] = [str(CHECKS_DIR), str(CHECKS_DIR / "selftest")]

from kata import scenarios  # noqa: E402
from lessons import LESSONS  # noqa: E402
from scenario_harness import run_repetition, scenario_checks  # noqa: E402

SCENARIO_LESSONS = ("06", "07", "08")


def grade(lesson, checks, learner_dir, repetitions):
    """(verdict, seconds per repetition, and over all repetitions: scenarios generated,
    scenarios explored, schedules explored) for one submission."""
    verdict, seconds, generated, explored, schedules = "pass", [], 0, 0, 0
    for repetition in range(1, repetitions + 1):
        scenarios.searches.clear()
        started = time.perf_counter()
        try:
            failed = run_repetition(lesson, checks, learner_dir, repetition)
        except Exception as exc:  # noqa: BLE001 - a broken submission is a verdict too
            failed = (f"error: {type(exc).__name__}", "")
        seconds.append(time.perf_counter() - started)
        if failed is not None:
            verdict = f"fail ({failed[0]})"
        generated += sum(given for given, _, _ in scenarios.searches)
        explored += sum(found for _, found, _ in scenarios.searches)
        schedules += sum(count for _, _, count in scenarios.searches)
    return verdict, seconds, generated, explored, schedules


def submissions(lesson, with_samples):
    found = [("reference", REPO_DIR / "solutions" / lesson.name),
             ("stub", REPO_DIR / "exercises" / lesson.name)]
    if with_samples:
        for sample in sorted((SAMPLES_DIR / lesson.name).glob("*/")):
            found.append((sample.name, sample))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", default=SCENARIO_LESSONS)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--samples", action="store_true", help="also every sample submission")
    args = parser.parse_args()
    print(f"{'lesson / submission':<50}{'verdict':<34}{'gen':>5}{'scen':>5}{'sched':>7}"
          f"{'rep mean':>10}{'rep max':>9}{'all reps':>10}")
    for lesson in LESSONS:
        if f"{lesson.number:02d}" not in args.lessons:
            continue
        checks = scenario_checks(lesson)
        for name, folder in submissions(lesson, args.samples):
            verdict, seconds, generated, explored, schedules = grade(lesson, checks, folder, args.repetitions)
            print(f"{lesson.name + ' / ' + name:<50}{verdict:<34}{generated:>5}{explored:>5}{schedules:>7}"
                  f"{statistics.mean(seconds) * 1000:>8.0f}ms{max(seconds) * 1000:>7.0f}ms"
                  f"{sum(seconds):>9.2f}s", flush=True)


if __name__ == "__main__":
    main()
