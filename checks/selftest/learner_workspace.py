"""A throw-away learner workspace for the practice commands' tests.

It holds a copy of exercises/ (every lesson as its original stub) and its own state
file, and the commands are pointed at it with KATA_EXERCISES and KATA_STATE_FILE, so
the tests never touch the real exercises/ or the real .kata-state.json.
"""

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHECKS_DIR, LESSONS, REPO_DIR

from kata import practice, pristine

CLI = CHECKS_DIR / "kata" / "cli.py"


@functools.lru_cache(maxsize=None)
def stub_source(lesson):
    """The original stub: the working copy when untouched, else from git history."""
    path = REPO_DIR / "exercises" / lesson.name / lesson.filename
    if path.is_file() and pristine.is_pristine(lesson, REPO_DIR / "exercises"):
        return path.read_bytes()
    try:
        return practice.pristine_source(lesson)
    except practice.PracticeError:
        return None


@functools.lru_cache(maxsize=None)
def recoverable_lesson():
    """A lesson whose stub `reset` can recover from git history, or None."""
    for lesson in LESSONS:
        try:
            practice.pristine_source(lesson)
            return lesson
        except practice.PracticeError:
            continue
    return None


class Workspace:
    def __init__(self, root: Path):
        self.root = root
        self.exercises = root / "exercises"
        self.state_file = root / "kata-state.json"
        for lesson in LESSONS:
            source = REPO_DIR / "exercises" / lesson.name
            if source.is_dir():
                shutil.copytree(source, self.exercises / lesson.name,
                                ignore=shutil.ignore_patterns("__pycache__"))
            stub = stub_source(lesson)
            if stub is not None:
                self.file(lesson).write_bytes(stub)

    @property
    def env(self) -> dict:
        env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "TERM")}
        env.update(KATA_EXERCISES=str(self.exercises), KATA_STATE_FILE=str(self.state_file),
                   TERM="xterm", PYTHONUNBUFFERED="1")
        return env

    def command(self, *args):
        return [sys.executable, str(CLI), *args]

    def run(self, *args, timeout=300, env=None):
        """Run a command of the kata as a learner would (stdout is a pipe: plain text)."""
        return subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout,
                              cwd=REPO_DIR, env={**self.env, **(env or {})}, stdin=subprocess.DEVNULL)

    def file(self, lesson) -> Path:
        return self.exercises / lesson.name / lesson.filename

    def save(self, lesson, text):
        """Save the lesson's file as an editor would, with a visibly newer mtime."""
        path = self.file(lesson)
        before = path.stat().st_mtime if path.exists() else 0
        path.write_text(text)
        os.utime(path, (before + 2, before + 2))

    def solve(self, lesson, extra=""):
        self.save(lesson, solution_text(lesson) + extra)

    def state(self) -> dict:
        return json.loads(self.state_file.read_text())


def solution_text(lesson) -> str:
    return (REPO_DIR / "solutions" / lesson.name / lesson.filename).read_text()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    space = Workspace(tmp_path)
    monkeypatch.setenv("KATA_EXERCISES", str(space.exercises))
    monkeypatch.setenv("KATA_STATE_FILE", str(space.state_file))
    return space
