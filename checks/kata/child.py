"""Entry point of the grading subprocess: `python -I child.py RESULTS_FILE PYTEST_ARGS...`,
with one JSON line on stdin: the key that signs the records and the resource limits.

Started in isolated mode (-I), so neither the current folder nor PYTHONPATH can put a
learner's file in front of the standard library, pytest or this harness.

Under the spawn and forkserver start methods every process-pool worker imports this
file again, as `__mp_main__`: the grading session runs only under `__main__`.
"""

import json
import os
import sys
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]


def start_guard(results_path):
    """Apply the resource limits and install the guard before pytest or any learner code
    is imported. The key is read from stdin and kept only in the guard's closure (never
    in argv or the environment); stdin is then emptied so learner code reading it sees
    the end of input."""
    settings = json.loads(sys.stdin.readline())
    key = bytes.fromhex(settings.pop("key"))
    from kata import host

    host.limit_resources(**settings)
    results_fd = os.open(results_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    from kata import guard

    guard.install(key, results_fd)


def main():
    sys.path.insert(0, str(CHECKS_DIR))
    sys.dont_write_bytecode = True  # never leave __pycache__ in the learner's folders
    from kata import host

    host.apply_start_method()  # before anything can start a process
    host.avoid_process_pool_feeder_deadlock()
    start_guard(sys.argv[1])
    import pytest

    from kata import plugin

    status = pytest.main(sys.argv[2:], plugins=[plugin])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's join of non-daemon threads: a deadlocked executor worker would
    # otherwise hang this process after the verdict is already written.
    os._exit(int(status))


if __name__ == "__main__":
    main()
