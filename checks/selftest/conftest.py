"""Shared helpers of the project's own tests (`nox -s verify`)."""

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent
sys.path.insert(0, str(CHECKS_DIR))

from kata.scheduler import interpreter_problem  # noqa: E402
from lessons import LESSONS  # noqa: E402

# Lessons 06-08 run on the controlled scheduler, which refuses some interpreters (a
# free-threaded build, a CPython newer than its opcode tables): there those lessons end
# in ERROR by design, so tests that expect them to pass cannot run.
SCHEDULER_PROBLEM = interpreter_problem()
needs_scheduler = pytest.mark.skipif(SCHEDULER_PROBLEM is not None,
                                     reason=f"the scheduler cannot run here: {SCHEDULER_PROBLEM}")
# Tests of the scheduler itself: under coverage or a debugger it refuses to run
# ("unsupported"), by design; so it does on interpreters it does not support.
SCHEDULER_TESTS = [pytest.mark.skipif(sys.gettrace() is not None, reason="a tracer is already active"),
                   needs_scheduler]
SAMPLES_DIR = Path(__file__).resolve().parent / "scheduler_samples"


def scheduler_samples():
    """The modules of scheduler_samples/ by name ("racy_counter" for
    sample_racy_counter.py), imported as learner modules are: under
    cooperative_threading(), so their module-level locks are cooperative."""
    from kata.scheduler import cooperative_threading

    if str(SAMPLES_DIR) not in sys.path:
        sys.path.insert(0, str(SAMPLES_DIR))
    with cooperative_threading():
        return {path.stem[len("sample_"):]: importlib.import_module(path.stem)
                for path in sorted(SAMPLES_DIR.glob("sample_*.py"))}


def pytest_configure(config):
    # Lesson checks imported by these tests carry the grader's own markers.
    from kata.plugin import MARKERS

    for marker in MARKERS:
        config.addinivalue_line("markers", marker)


@pytest.fixture(autouse=True)
def scratch_learner_state(tmp_path, monkeypatch):
    """Tests that grade the real exercises/ must not write the learner's progress file."""
    monkeypatch.setenv("KATA_STATE_FILE", str(tmp_path / "kata-state.json"))


def lesson_ids():
    return [lesson.name for lesson in LESSONS]


@pytest.fixture
def make_target(tmp_path):
    """A learner folder laid out like exercises/: `make_target(lesson, source)` puts
    `source` (text) in place of the lesson's module; other lessons are absent."""

    def make(lesson, source=None, from_tree="solutions"):
        folder = tmp_path / "target" / lesson.name
        shutil.copytree(REPO_DIR / from_tree / lesson.name, folder, dirs_exist_ok=True)
        if source is not None:
            (folder / lesson.filename).write_text(source)
        return tmp_path / "target"

    return make


def run_cli(*args, timeout=600):
    """Run the grading CLI as a learner would; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, str(CHECKS_DIR / "kata" / "cli.py"), *args],
        capture_output=True, text=True, timeout=timeout, cwd=REPO_DIR,
    )
