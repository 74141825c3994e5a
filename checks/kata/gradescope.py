"""Gradescope autograder of the kata.

`nox -s gradescope` runs `gradescope.py build ZIP REQUIREMENT...`: a zip holding the
teacher's checks and solutions, with `setup.sh` and `run_autograder` at its root, for
the assignment's "Configure Autograder" page. Gradescope unpacks it in
/autograder/source, runs setup.sh once (a virtualenv with the grader's dependencies),
then run_autograder for each submission, which runs `gradescope.py run`: grade
/autograder/submission (a folder laid out like exercises/, a clone of the kata, or
either inside one wrapping folder) and write /autograder/results/results.json, one
test per lesson with its teaching message.

Environment (for the project's own tests, which lay the folders out in a temporary
directory): KATA_AUTOGRADER_ROOT replaces /autograder; KATA_PYTHON the virtualenv's
Python; KATA_LESSONS (selectors, comma-separated) and KATA_COUNT narrow the grading.
"""

import json
import os
import stat
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kata import cli  # noqa: E402
from kata.class_grading import exercises_folder  # noqa: E402
from kata.runner import REPO_DIR  # noqa: E402

SHIPPED = ("checks", "solutions", "pyproject.toml")
LEFT_OUT = ("selftest", "bench", "__pycache__", ".pytest_cache")

SETUP_SH = """#!/usr/bin/env bash
# Run once by Gradescope when the autograder image is built.
set -euo pipefail
if ! python3 -m venv --help >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip
fi
python3 -m venv /autograder/kata-venv
/autograder/kata-venv/bin/python -m pip install --quiet -r /autograder/source/requirements.txt
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Run by Gradescope for each submission: grades /autograder/submission and writes
# /autograder/results/results.json.
ROOT="${KATA_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${KATA_PYTHON:-$ROOT/kata-venv/bin/python}"
exec "$PYTHON" "$ROOT/source/checks/kata/gradescope.py" run
"""


def build(zip_path: Path, requirements) -> list:
    """Write the autograder zip; returns the names in it."""
    executable = (stat.S_IFREG | 0o755) << 16

    def add(archive, name, text, mode=(stat.S_IFREG | 0o644) << 16):
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = mode
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, text)

    with zipfile.ZipFile(zip_path, "w") as archive:
        add(archive, "setup.sh", SETUP_SH, executable)
        add(archive, "run_autograder", RUN_AUTOGRADER, executable)
        add(archive, "requirements.txt", "\n".join(requirements) + "\n")
        for top in SHIPPED:
            root = REPO_DIR / top
            paths = [root] if root.is_file() else sorted(root.rglob("*"))
            for path in paths:
                relative = path.relative_to(REPO_DIR)
                if path.is_file() and not set(relative.parts) & set(LEFT_OUT):
                    add(archive, relative.as_posix(), path.read_bytes())
        return archive.namelist()


def run() -> int:
    root = Path(os.environ.get("KATA_AUTOGRADER_ROOT", "/autograder"))
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    selectors = [part for part in os.environ.get("KATA_LESSONS", "").split(",") if part]
    lessons = cli.select_lessons(selectors)
    target = exercises_folder(root / "submission", lessons)
    status = cli.main(["grade", *selectors, "--target", str(target), "--json", str(results),
                       "--count", os.environ.get("KATA_COUNT", "5")])
    if status not in (0, 1) or not results.is_file():
        results.write_text(json.dumps({
            "score": 0, "execution_time": 0,
            "output": "The autograder could not grade this submission; please tell your teacher.",
            "tests": [],
        }))
    return 0


def main(argv) -> int:
    if argv[:1] == ["build"] and len(argv) >= 2:
        names = build(Path(argv[1]), argv[2:])
        print(f"Wrote {argv[1]} ({len(names)} files): upload it on the assignment's Configure Autograder page.")
        return 0
    if argv == ["run"]:
        return run()
    print("usage: gradescope.py build ZIP [REQUIREMENT ...] | run", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
