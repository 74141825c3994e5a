"""The CI workflow that runs `nox -s verify` where this machine cannot (macOS, Windows,
Python 3.14, 3.15, 3.14t): actionlint accepts it, and it asks nox only for sessions the
noxfile has."""

import ast
import os
import re
import shutil
import subprocess
import sys

from conftest import REPO_DIR

WORKFLOWS = sorted((REPO_DIR / ".github" / "workflows").glob("*.yml"))


def actionlint():
    """The actionlint of this virtualenv (dependency group "test"), else one on PATH."""
    here = shutil.which("actionlint", path=os.path.dirname(sys.executable))
    return here or shutil.which("actionlint")


def test_the_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow in .github/workflows"
    program = actionlint()
    assert program, "actionlint is missing: `nox -s verify` installs it (pyproject.toml, group test)"
    done = subprocess.run([program, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True,
                          cwd=REPO_DIR, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def noxfile_pythons():
    tree = ast.parse((REPO_DIR / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "PYTHONS" for target in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("noxfile.py has no PYTHONS list")


def test_the_workflow_matrix_is_the_noxfile_list_of_pythons():
    text = (REPO_DIR / ".github" / "workflows" / "ci.yml").read_text()
    matrix = re.search(r"^\s+python: (\[.*\])\s*$", text, re.MULTILINE)
    assert matrix, "ci.yml has no `python: [...]` matrix line"
    assert ast.literal_eval(matrix.group(1)) == noxfile_pythons()
    for system in ("ubuntu-latest", "macos-latest", "windows-latest"):
        assert system in text
    assert '"verify-${{ matrix.python }}"' in text


def test_an_actionlint_error_is_caught(tmp_path):
    """The test above can fail: a broken workflow is reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: echo\n")
    done = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "matrix" in done.stdout
