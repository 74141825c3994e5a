"""Entry point of the grading subprocess: `python -I child.py PYTEST_ARGS...`.

Started in isolated mode (-I), so neither the current folder nor PYTHONPATH can put a
learner's file in front of the standard library, pytest or this harness.
"""

import os
import sys
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKS_DIR))
sys.dont_write_bytecode = True  # never leave __pycache__ in the learner's folders

import pytest  # noqa: E402

from kata import plugin  # noqa: E402

status = pytest.main(sys.argv[1:], plugins=[plugin])
sys.stdout.flush()
sys.stderr.flush()
# Skip the interpreter's join of non-daemon threads: a deadlocked executor worker would
# otherwise hang this process after the verdict is already written.
os._exit(int(status))
