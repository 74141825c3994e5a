"""Installing trace and profile functions in threads, safely on every CPython.

CPython 3.10 and 3.11 refuse `sys.settrace`/`sys.setprofile` with "Cannot install a
trace (profile) function while another trace (profile) function is being
installed" whenever another thread is inside the same call at that moment: the
guard is one process-wide flag, and it stays set while audit hooks run. The
grader's guard is a Python audit hook, so a thread can be switched out inside the
call, and a pool that starts its workers together then loses one now and then: the
worker that hit the refusal dies in its bootstrap (threading's own
`_sys.setprofile(_profile_hook)` does not retry) and a correct program looks as if
it ran one thread short. 3.12 dropped the flag.

So every install of the toolkit goes through here: a refused install changed
nothing, and is simply tried again once the other thread is through. Threads that
the code under test starts get their profile function from a wrapper of
`Thread._bootstrap_inner` that installs it the same way, instead of from
`threading.setprofile`, on the versions with the flag.

`pool_worker` reads, from a ThreadPoolExecutor's worker thread, what the pool handed
it: the scheduler and the grading plugin both need it.
"""

import contextlib
import sys
import threading
import time

_REFUSED = "is being installed"
_HAS_INSTALL_FLAG = sys.version_info < (3, 12)


def set_trace(function):
    """sys.settrace(function) for the calling thread, retried while refused."""
    _install(sys.settrace, function)


def set_profile(function):
    """sys.setprofile(function) for the calling thread, retried while refused."""
    _install(sys.setprofile, function)


def _install(install, function):
    while True:
        try:
            install(function)
            return
        except RuntimeError as exc:
            if _REFUSED not in str(exc):
                raise
            time.sleep(0)  # let the thread inside the install finish it


@contextlib.contextmanager
def profile_new_threads(function):
    """Inside the block, every threading.Thread that starts runs `function` as its
    profile function from its first line (threading.setprofile, made safe)."""
    if not _HAS_INSTALL_FLAG:
        previous = threading.getprofile()
        threading.setprofile(function)
        try:
            yield
        finally:
            threading.setprofile(previous)
        return
    original = threading.Thread._bootstrap_inner
    active = [True]

    def bootstrap_inner(thread):
        if active[0]:
            set_profile(function)
        original(thread)

    threading.Thread._bootstrap_inner = bootstrap_inner
    try:
        yield
    finally:
        # A thread started inside the block may still be on its way into the wrapper.
        active[0] = False
        threading.Thread._bootstrap_inner = original


def pool_worker(thread):
    """(weak reference to its ThreadPoolExecutor, its work queue) for a pool worker
    thread, or None for any other thread. Read it before the thread ends: Thread.run
    deletes its target and arguments when it returns."""
    target, args = getattr(thread, "_target", None), getattr(thread, "_args", ())
    if getattr(target, "__module__", None) != "concurrent.futures.thread" or len(args) < 2 \
            or not callable(args[0]):
        return None
    return args[0], args[1]
