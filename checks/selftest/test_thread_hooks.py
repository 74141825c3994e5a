"""kata.thread_hooks: trace/profile installs that survive CPython 3.10/3.11's
"another ... function is being installed" refusal (see the module's docstring)."""

import subprocess
import sys
import textwrap
import threading

import pytest
from conftest import CHECKS_DIR

from kata import thread_hooks

HAS_FLAG = sys.version_info < (3, 12)

# A child process (audit hooks cannot be removed again): an audit hook that lets other
# threads run while a profile function is being installed, as the grader's guard can,
# then 8 threads started together. It prints how many of them ran their target with
# the profile function installed.
STARTS_THREADS_UNDER_AN_AUDIT_HOOK = textwrap.dedent("""
    import sys, threading, time
    sys.path.insert(0, {checks!r})
    from kata import thread_hooks

    def audit(event, args):
        if event == "sys.setprofile":
            time.sleep(0.001)  # the GIL goes to another thread mid-install
    sys.addaudithook(audit)

    def profile(frame, event, arg):
        pass

    ran = []
    def target():
        ran.append(sys.getprofile() is profile)

    def start_eight():
        threads = [threading.Thread(target=target) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    if {safe!r}:
        with thread_hooks.profile_new_threads(profile):
            start_eight()
    else:
        threading.setprofile(profile)
        start_eight()
    print(sum(ran))
""")


def threads_profiled(safe):
    script = STARTS_THREADS_UNDER_AN_AUDIT_HOOK.format(checks=str(CHECKS_DIR), safe=safe)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1]), done.stderr


def test_every_thread_started_in_the_block_runs_with_the_profile_function():
    assert threads_profiled(safe=True) == (8, "")


@pytest.mark.skipif(not HAS_FLAG, reason="CPython 3.12+ has no install flag to collide on")
def test_threading_setprofile_alone_loses_threads_there():
    """The failure the module exists for, shown on the running interpreter."""
    profiled, errors = threads_profiled(safe=False)
    assert profiled < 8
    assert "is being installed" in errors


def test_a_refused_install_is_tried_again_and_other_errors_pass_through():
    calls = []

    def refuses_twice(function):
        calls.append(function)
        if len(calls) <= 2:
            raise RuntimeError("Cannot install a trace function while another trace function is being installed")

    thread_hooks._install(refuses_twice, "f")
    assert calls == ["f", "f", "f"]

    def broken(function):
        raise RuntimeError("something else")

    with pytest.raises(RuntimeError, match="something else"):
        thread_hooks._install(broken, "f")


def test_threads_started_after_the_block_are_not_profiled():
    def profile(frame, event, arg):
        pass

    with thread_hooks.profile_new_threads(profile):
        pass
    seen = []
    thread = threading.Thread(target=lambda: seen.append(sys.getprofile()))
    thread.start()
    thread.join()
    assert seen == [None]
