"""kata.host, the one module that knows the operating system and the interpreter: its
choices for each system (given as a parameter, never by pretending to be elsewhere),
what can run here for real, and that nothing else in the engine branches on the OS."""

import multiprocessing
import os
import re
import subprocess
import sys
import threading

import pytest
from conftest import CHECKS_DIR

from kata import host

KATA_DIR = CHECKS_DIR / "kata"


# --- timing out a check ------------------------------------------------------------


def test_with_sigalrm_the_check_is_interrupted_and_the_watchdog_waits_a_grace_period():
    timer = host.CheckTimer(3.0, has_sigalrm=True, grace=5.0)
    assert (timer.method, timer.pytest_timeout, timer.watchdog_after) == ("signal", 3.0, 8.0)


def test_without_sigalrm_the_watchdog_records_the_verdict_before_pytest_timeout_ends_the_process():
    timer = host.CheckTimer(3.0, has_sigalrm=False, grace=5.0)
    assert timer.method == "thread"
    assert timer.watchdog_after == 3.0, "the learner's limit is kept"
    assert timer.pytest_timeout > timer.watchdog_after, "pytest-timeout's thread method is only a backstop"


def test_this_machine_gets_the_method_it_can_run():
    assert host.CheckTimer(1.0).method == ("signal" if hasattr(__import__("signal"), "SIGALRM") else "thread")


# --- killing a grading process and all it started ------------------------------------

SPAWNS_A_SLEEPER = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # inherits stdout
print("started", flush=True)
time.sleep(120)
"""


def test_killing_the_tree_also_kills_what_the_process_started():
    """For real on this system (a process group here, a job object on Windows): the
    grandchild holds the pipe's write end, so the pipe ends only once it is dead too."""
    process = host.start_process_tree([sys.executable, "-c", SPAWNS_A_SLEEPER], stdout=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"started"
    host.kill_process_tree(process)
    process.wait(timeout=20)
    drained = threading.Thread(target=process.stdout.read, daemon=True)
    drained.start()
    drained.join(timeout=20)
    assert not drained.is_alive(), "the grandchild outlived the kill (the pipe never ended)"
    host.kill_process_tree(process)  # a second kill of a finished tree is harmless


class FakeJob:
    terminated = False

    def terminate(self):
        self.terminated = True


class FakeProcess:
    pid = 4242

    def poll(self):
        return 0


def test_on_windows_the_tree_is_killed_through_its_job_object():
    process = FakeProcess()
    process.kata_job = FakeJob()
    host.kill_process_tree(process, system=host.WINDOWS)
    assert process.kata_job.terminated


def test_on_windows_a_finished_process_without_a_job_needs_no_taskkill(monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: pytest.fail("taskkill was run"))
    host.kill_process_tree(FakeProcess(), system=host.WINDOWS)


# --- keys in watch mode --------------------------------------------------------------


def test_each_system_gets_its_own_way_of_reading_keys():
    assert isinstance(host.key_input(0, True, system=host.POSIX), host._PosixInput)
    assert isinstance(host.key_input(0, False, system=host.POSIX), host._PosixInput)
    assert isinstance(host.key_input(0, True, system=host.WINDOWS), host._WindowsConsole)


@pytest.mark.parametrize("system", [host.POSIX, host.WINDOWS])
def test_a_pipe_gives_what_was_written_nothing_while_idle_and_none_at_its_end(system):
    """The Windows pipe reader (a thread) is portable, so it runs here for real too."""
    if system == host.POSIX and host.SYSTEM != host.POSIX:
        pytest.skip("select() on a pipe is POSIX only")
    read_end, write_end = os.pipe()
    with host.key_input(read_end, False, system=system) as keys:
        assert keys.read(0.05) == b""
        os.write(write_end, b"h\n")
        assert keys.read(5) == b"h\n"
        os.close(write_end)
        assert keys.read(5) is None
    os.close(read_end)


# --- the interpreter -----------------------------------------------------------------

SHOWS_START_METHOD = """
import multiprocessing, sys
sys.path.insert(0, sys.argv[1])
from kata import host
host.apply_start_method()
print(multiprocessing.get_start_method())
"""


@pytest.mark.parametrize("method", host.start_methods())
def test_kata_start_method_forces_the_start_method_of_the_whole_process(method):
    done = subprocess.run([sys.executable, "-c", SHOWS_START_METHOD, str(CHECKS_DIR)], capture_output=True,
                          text=True, env={**os.environ, host.START_METHOD_VARIABLE: method}, timeout=60)
    assert done.stdout.strip() == method, done.stderr


def test_without_kata_start_method_the_interpreter_keeps_its_default():
    assert host.apply_start_method(environ={}) is None
    assert multiprocessing.get_start_method(allow_none=True) in (None, *host.start_methods())


def test_a_build_with_the_gil_always_has_it_on():
    if not host.free_threaded_build():
        assert host.gil_enabled()
    assert ("free-threaded" in host.interpreter_name()) == host.free_threaded_build()


# --- the controlled scheduler's threads on one CPU -----------------------------------

@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs CPU affinity (Linux) and two CPUs")
def test_the_scheduler_threads_share_one_cpu_and_give_it_back():
    before = os.sched_getaffinity(0)
    seen = {}
    with host.threads_on_one_cpu():
        seen["caller"] = os.sched_getaffinity(0)
        started = threading.Thread(target=lambda: seen.setdefault("started", os.sched_getaffinity(0)))
        started.start()
        started.join()
    assert len(seen["caller"]) == 1 and seen["caller"] <= before
    assert seen["started"] == seen["caller"]  # a thread started meanwhile inherits it
    assert os.sched_getaffinity(0) == before


def test_where_threads_cannot_be_pinned_nothing_changes():
    with host.threads_on_one_cpu(set_affinity=None):
        pass  # no error, no change (macOS, Windows)


# --- one place for the OS ------------------------------------------------------------

OS_SPECIFIC = re.compile(r"sys\.platform|os\.name\b|\bimport (termios|tty|msvcrt|fcntl|resource|winreg)\b|killpg|"
                         r"start_new_session|SIGALRM|sched_getaffinity|CREATE_NEW_PROCESS_GROUP")


def test_nothing_but_host_branches_on_the_operating_system():
    offenders = []
    for path in sorted(CHECKS_DIR.rglob("*.py")):
        if path == KATA_DIR / "host.py" or "selftest" in path.parts or "bench" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if OS_SPECIFIC.search(line):
                offenders.append(f"{path.relative_to(CHECKS_DIR)}:{number}: {line.strip()}")
    assert not offenders, "OS-specific code outside kata/host.py:\n" + "\n".join(offenders)


def test_the_process_pool_workaround_leaves_a_fixed_interpreter_alone():
    """CPython 3.12.8+ and 3.13.1+ (gh-125451) build _SafeQueue without the shutdown lock:
    nothing is patched there."""

    class FixedQueue:
        def __init__(self, max_size=0, *, ctx, pending_work_items, thread_wakeup):
            pass

        def _on_queue_feeder_error(self, e, obj):
            return "CPython's own"

    class FixedModule:
        _SafeQueue = FixedQueue

    assert host.avoid_process_pool_feeder_deadlock(FixedModule) is False
    assert FixedQueue._on_queue_feeder_error(None, None, None) == "CPython's own"
