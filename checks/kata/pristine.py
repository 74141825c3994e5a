"""Fingerprints of the shipped stubs, to tell "not started" from "tried and failing".

`checks/pristine.json` maps each lesson's stub file to the SHA-256 of its text (line
endings normalised, so a Windows checkout still matches). Regenerate it after editing a
stub with `nox -s sync`; the self-tests fail while it is stale.
"""

import hashlib
import json
from pathlib import Path

from lessons import LESSONS

CHECKS_DIR = Path(__file__).resolve().parents[1]
FINGERPRINTS = CHECKS_DIR / "pristine.json"


def fingerprint(path: Path) -> str:
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()


def recorded() -> dict:
    return json.loads(FINGERPRINTS.read_text())


def stub_key(lesson) -> str:
    return f"{lesson.name}/{lesson.filename}"


def is_pristine(lesson, folder: Path) -> bool:
    """True when `folder/<lesson>/<module>.py` is exactly the shipped stub."""
    path = Path(folder) / lesson.name / lesson.filename
    return path.is_file() and recorded().get(stub_key(lesson)) == fingerprint(path)


def write_fingerprints(exercises_dir: Path) -> dict:
    """Fingerprint every lesson's stub that exists (a lesson still being written is
    left out; the self-tests then report it as incomplete)."""
    stubs = {stub_key(lesson): exercises_dir / lesson.name / lesson.filename for lesson in LESSONS}
    prints = {key: fingerprint(path) for key, path in stubs.items() if path.is_file()}
    FINGERPRINTS.write_text(json.dumps(prints, indent=2, sort_keys=True) + "\n")
    return prints
