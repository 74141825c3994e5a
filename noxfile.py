"""Sessions of the kata.

    nox -s grade [-- SELECTOR ... --target T --json PATH]   grade your exercises
    nox -s verify                                           the project's own tests
    nox -s sync                                             (kata authors) refresh generated files
"""

import os
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
CLI = ROOT / "checks" / "kata" / "cli.py"

nox.options.sessions = ["grade"]
nox.options.reuse_venv = "yes"  # a second `nox -s grade` installs nothing
if hasattr(nox.options, "download_python"):
    nox.options.download_python = "never"


def install_group(session, group):
    """Install a dependency group once per virtualenv; later runs skip pip entirely."""
    requirements = nox.project.dependency_groups(PYPROJECT, group)
    stamp = Path(session.virtualenv.location) / f".kata-installed-{group}"
    wanted = "\n".join(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    session.install(*requirements)
    stamp.write_text(wanted)


def run_with_exit_status(session, *args):
    """Run the kata's CLI and end with its own exit status (0 all pass, 1 some do
    not, 2 usage error); nox alone would turn every failure into 1."""
    python = os.path.join(session.bin, "python")
    status = subprocess.call([python, str(CLI), *args], cwd=ROOT)
    if status != 0:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


@nox.session
def grade(session):
    """Grade the exercises (or --target solutions / a folder) and print the scoreboard."""
    install_group(session, "grade")
    run_with_exit_status(session, "grade", *session.posargs)


@nox.session(python=PYTHONS)
def verify(session):
    """The project's own tests: every solution passes, every stub fails, the harness holds."""
    install_group(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def sync(session):
    """For kata authors: rewrite checks/pristine.json and the Hints section of every
    exercise README from checks/lessons.py, after editing a stub or a hint."""
    install_group(session, "grade")
    session.run("python", str(ROOT / "checks" / "kata" / "sync.py"))
