"""The learner's state: one small JSON file, `.kata-state.json` at the repository root
(git-ignored, never part of the tracked tree).

    {"version": 1, "welcomed": true,
     "hints": {"05_blocking_map": 2},
     "lessons": {"02_lost_exception": {"status": "PASS", "fingerprint": "<sha256>",
                                       "checks": [3, 3], "count": 5,
                                       "graded_at": "2026-11-24T23:50:00"}}}

`lessons` keeps the last verdict of each lesson with the fingerprint of the file it
graded, so an edit after a grade is noticed. A missing, unreadable or malformed file
counts as a fresh start. Writes are atomic (a temporary file, then a rename), and
every command loads the file afresh before it changes it, so `nox -s watch` in one
terminal and `nox -s hint` in another do not undo each other.

Two environment variables move the learner's files, for the project's own tests:
KATA_STATE_FILE (this file) and KATA_EXERCISES (the folder the learner edits).
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from kata.runner import REPO_DIR

VERSION = 1


def state_path() -> Path:
    return Path(os.environ.get("KATA_STATE_FILE") or REPO_DIR / ".kata-state.json")


def exercises_dir() -> Path:
    """The folder the learner edits (exercises/ of this repository)."""
    return Path(os.environ.get("KATA_EXERCISES") or REPO_DIR / "exercises").resolve()


def backups_dir() -> Path:
    """Where `reset` keeps the learner's replaced files: git-ignored, outside exercises/."""
    return state_path().parent / ".nox" / "kata-backups"


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a reader (or a run interrupted and resumed) never
    sees half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class State:
    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data

    @classmethod
    def load(cls, path=None) -> "State":
        path = Path(path or state_path())
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError):
            print(f"note: ignoring unreadable {path.name}; starting with a fresh record", file=sys.stderr)
            data = {}
        if not isinstance(data, dict):
            data = {}
        for key in ("hints", "lessons"):
            if not isinstance(data.get(key), dict):
                data[key] = {}
        data["version"] = VERSION
        return cls(path, data)

    def save(self) -> None:
        write_atomically(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")

    @property
    def welcomed(self) -> bool:
        return self.data.get("welcomed") is True

    @welcomed.setter
    def welcomed(self, value: bool) -> None:
        self.data["welcomed"] = bool(value)

    def hint_level(self, lesson) -> int:
        """How many of the lesson's hints the learner has seen."""
        level = self.data["hints"].get(lesson.name, 0)
        return level if isinstance(level, int) and level >= 0 else 0

    def set_hint_level(self, lesson, level: int) -> None:
        self.data["hints"][lesson.name] = level

    def record(self, lesson):
        """The last grade of a lesson, or None."""
        record = self.data["lessons"].get(lesson.name)
        if isinstance(record, dict) and isinstance(record.get("status"), str):
            return record
        return None

    def set_record(self, lesson, *, status, fingerprint, checks, count) -> None:
        self.data["lessons"][lesson.name] = {
            "status": status,
            "fingerprint": fingerprint,
            "checks": list(checks),
            "count": count,
            "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }

    def forget(self, lesson) -> None:
        self.data["lessons"].pop(lesson.name, None)
