"""Run a lesson's scenario checks in this process, repetition by repetition, the way
the grader runs them, for test_scenarios.py and checks/bench/bench_scenarios.py.

Only the checks that call kata.scenarios.require_linearizable run, whatever other
check files the lesson has (and in whatever order pytest would collect them), so a
submission's verdict here is the scenario engine's alone.
"""

import importlib.util
import inspect
import sys
import types
from contextlib import contextmanager
from pathlib import Path

from kata import plugin
from kata.teach import LessonFailure

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent


def scenario_checks(lesson):
    """The lesson's check functions that use the scenario engine, in file order."""
    found = []
    for check_file in sorted((CHECKS_DIR / lesson.name).glob("check_*.py")):
        spec = importlib.util.spec_from_file_location(f"_scenario_checks_{check_file.stem}", check_file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found += [function for name, function in vars(module).items()
                  if name.startswith("check_") and callable(function)
                  and "require_linearizable" in inspect.getsource(function)]
    return found


@contextmanager
def grading(lesson, learner_dir, repetition):
    """What the grader's plugin sets up for one repetition: its RUN record (the
    parts the scenario checks read) and the learner's folder on sys.path."""
    learner_dir = Path(learner_dir).resolve()
    plugin.RUN = types.SimpleNamespace(
        lesson=lesson, learner_dir=learner_dir, reference_dir=REPO_DIR / "solutions" / lesson.name,
        repetition=repetition, claims=None,
        is_learner_file=lambda filename: Path(filename).resolve().parent == learner_dir)
    sys.path.insert(0, str(learner_dir))
    try:
        yield
    finally:
        sys.path.remove(str(learner_dir))
        plugin.RUN = None


def run_repetition(lesson, checks, learner_dir, repetition):
    """(check, message) of the first check that failed in this repetition, or None."""
    with grading(lesson, learner_dir, repetition):
        for check in checks:
            try:
                check()
            except LessonFailure as failure:
                return check.__name__, str(failure)
    return None
