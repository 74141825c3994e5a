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
"""

import argparse
import inspect
import statistics
import sys
import time
import types
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent
SAMPLES_DIR = CHECKS_DIR / "selftest" / "scenario_samples"
sys.path.insert(0, str(CHECKS_DIR))

import importlib.util  # noqa: E402

from kata import plugin, scenarios  # noqa: E402
from kata.teach import LessonFailure  # noqa: E402
from lessons import LESSONS  # noqa: E402

SCENARIO_LESSONS = ("06", "07", "08")


def scenario_checks(lesson):
    path = CHECKS_DIR / lesson.name
    [check_file] = path.glob("check_*.py")
    spec = importlib.util.spec_from_file_location(f"_bench_{lesson.name}", check_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [function for name, function in vars(module).items()
            if name.startswith("check_") and callable(function)
            and "require_linearizable" in inspect.getsource(function)]


def fake_run(lesson, learner_dir, repetition):
    learner_dir = Path(learner_dir).resolve()
    return types.SimpleNamespace(
        lesson=lesson, learner_dir=learner_dir, reference_dir=REPO_DIR / "solutions" / lesson.name,
        repetition=repetition,
        is_learner_file=lambda filename: Path(filename).resolve().parent == learner_dir)


def grade(lesson, checks, learner_dir, repetitions):
    """(verdict, seconds per repetition, and over all repetitions: scenarios generated,
    scenarios explored, schedules explored) for one submission."""
    sys.path.insert(0, str(learner_dir))
    verdict, seconds, generated, explored, schedules = "pass", [], 0, 0, 0
    try:
        for repetition in range(1, repetitions + 1):
            plugin.RUN = fake_run(lesson, learner_dir, repetition)
            scenarios.searches.clear()
            started = time.perf_counter()
            for check in checks:
                try:
                    check()
                except LessonFailure:
                    verdict = f"fail ({check.__name__})"
                    break
                except Exception as exc:  # noqa: BLE001 - a broken submission is a verdict too
                    verdict = f"error ({check.__name__}: {type(exc).__name__})"
                    break
            seconds.append(time.perf_counter() - started)
            generated += sum(given for given, _, _ in scenarios.searches)
            explored += sum(found for _, found, _ in scenarios.searches)
            schedules += sum(count for _, _, count in scenarios.searches)
    finally:
        sys.path.remove(str(learner_dir))
        plugin.RUN = None
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
