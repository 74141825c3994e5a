"""Entry point of the grading subprocess: `python -I child.py`, then its job as one
JSON line on stdin: the key that signs the records, the resource limits, the folder
to work in, the results file and pytest's arguments.

The process imports pytest and the harness first and only then reads its job, so the
runner can start it ahead of time (kata.runner.processes_kept_ready: in watch mode
the learner's edit hides ~0.2 s of every verdict). Until the job arrives no learner
code is anywhere near; the guard is installed before any of it is imported.

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
# Written to stdout once pytest and the harness are imported, before the job is read:
# the runner then knows the process is ready (and drops the line from the output).
READY_LINE = b"kata: ready for a job\n"


def read_job():
    """The job, or None when the runner went away without sending one (a process
    kept ready when the learner stopped watching). stdin is then emptied, so learner
    code reading it sees the end of input."""
    line = sys.stdin.readline()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    return json.loads(line) if line.strip() else None


def start_guard(job):
    """Apply the resource limits and install the guard before any learner code is
    imported. The key is kept only in the guard's closure (never in argv or the
    environment)."""
    key = bytes.fromhex(job.pop("key"))
    from kata import guard, host

    host.limit_resources(cpu_seconds=job.pop("cpu_seconds"))
    results_fd = os.open(job["results"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    guard.install(key, results_fd)


def main():
    sys.path.insert(0, str(CHECKS_DIR))
    sys.dont_write_bytecode = True  # never leave __pycache__ in the learner's folders
    from kata import host

    host.apply_start_method()  # before anything can start a process
    host.avoid_process_pool_feeder_deadlock()
    import pytest

    from kata import plugin

    sys.stdout.buffer.write(READY_LINE)
    sys.stdout.flush()
    job = read_job()
    if job is None:
        os._exit(0)
    os.chdir(job["cwd"])
    start_guard(job)
    status = pytest.main(job["args"], plugins=[plugin])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's join of non-daemon threads: a deadlocked executor worker would
    # otherwise hang this process after the verdict is already written.
    os._exit(int(status))


if __name__ == "__main__":
    main()
