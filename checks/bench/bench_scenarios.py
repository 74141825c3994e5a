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

Measured 2026-12-07 on the project's machine kind (2 cores, otherwise idle), 5
repetitions. The counts are the same on every interpreter (the search is
deterministic; the sampled scenarios depend only on the repetition number); the
times are "all repetitions" in seconds on 3.10.13 / 3.12.1 / 3.13.0:

  lesson       submission   verdict                            gen  scen  sched   3.10  3.12  3.13
  06 Inventory reference    pass                               105    39    651   0.48  0.29  0.27
  06 Inventory stub         fail (check_two_orders_at_once)     95    30     50   0.05  0.05  0.04
  07 GiftCard  reference    pass                               165    54    785   0.55  0.32  0.30
  07 GiftCard  stub         fail (check_two_callers_at_once)   155    41    107   0.09  0.09  0.07
  08 Ledger    reference    pass                               270    74    922   0.72  0.51  0.45
  08 Ledger    stub         fail (check_one_caller, deadlock)  160     7      7   0.02  0.02  0.02

The first repetition explores every scenario (rep max: 0.1-0.33 s); the later ones
only their own sampled scenarios, since a scenario that passed is not explored
again for the same source. A whole grading (`bench_verdicts.py 06 07 08`: the
grading process, the pool checks, 5 repetitions, as a learner waits) of the
references takes 0.9-1.7 s on 3.13. In lesson 08, the designs where one thread owns
the state and the others queue requests to it explore fewer schedules than the
reference (446 for an actor on a queue, 535 for a one-worker pool) but hand over
between OS threads at every request; those that take a lock per account explore
about twice as many (1646-1775), each with twice as many switch points. Both take
2.2-2.9 s to grade on 3.13 in a slow phase of the machine.
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
