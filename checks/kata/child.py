"""Entry point of the grading subprocess: `python -I child.py PYTEST_ARGS...`.

Started in isolated mode (-I), so neither the current folder nor PYTHONPATH can put a
learner's file in front of the standard library, pytest or this harness.

Under the spawn and forkserver start methods every process-pool worker imports this
file again, as `__mp_main__`: the grading session runs only under `__main__`.
"""

import os
import sys
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKS_DIR))
sys.dont_write_bytecode = True  # never leave __pycache__ in the learner's folders


def main():
    from kata import host

    host.apply_start_method()  # before anything can start a process

    import pytest

    from kata import plugin

    status = pytest.main(sys.argv[1:], plugins=[plugin])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's join of non-daemon threads: a deadlocked executor worker would
    # otherwise hang this process after the verdict is already written.
    os._exit(int(status))


if __name__ == "__main__":
    main()
