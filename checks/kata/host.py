"""Everything that depends on the learner's machine, in one place: the operating system
(how a check is timed out, how a grading process and all it started are killed, how
single key presses are read) and the interpreter (its multiprocessing start method,
whether it runs with a GIL). The rest of the kata calls this module and never tests
sys.platform or os.name itself.

Each choice is made by a small function that takes the facts it depends on as
parameters (defaulting to this machine's), so the project's tests can check the
choice for another system without pretending to be on it.
"""

import contextlib
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import sysconfig
import threading
import time

POSIX, WINDOWS = "posix", "windows"
SYSTEM = WINDOWS if os.name == "nt" else POSIX
HAS_SIGALRM = hasattr(signal, "SIGALRM")

# --- interpreter -------------------------------------------------------------------

START_METHOD_VARIABLE = "KATA_START_METHOD"


def start_methods():
    """The multiprocessing start methods this machine offers (no forkserver on Windows)."""
    return multiprocessing.get_all_start_methods()


def apply_start_method(environ=os.environ):
    """Force the start method named in KATA_START_METHOD (fork, forkserver, spawn) for
    this whole process, before anything starts a process; returns it, or None when the
    variable is unset. The project's tests use it to grade under every start method."""
    method = environ.get(START_METHOD_VARIABLE)
    if method:
        multiprocessing.set_start_method(method, force=True)
    return method or None


def avoid_process_pool_feeder_deadlock(process_module=None):
    """Work around a CPython deadlock fixed in 3.12.8 and 3.13.1 (gh-125451), and never
    fixed in 3.10 or 3.11. When a process pool cannot pickle a task (a lambda, a nested
    function: a wrong fix lesson 10 sees often), its queue feeder thread takes the pool's
    shutdown lock to wake the pool's manager thread, while the manager may already hold
    that lock and wait for the feeder thread to end. The pool then hangs, and with it
    whatever shuts it down or collects it: one grading in a few dozen waited for the hard
    limit. The feeder needs no lock there: in every affected version the wake-up pipe it
    writes to is closed only by the manager, after the feeder thread has ended. Returns
    whether the interpreter needed it (the fixed versions take no shutdown lock)."""
    if process_module is None:
        from concurrent.futures import process as process_module
    import inspect
    import traceback

    safe_queue = process_module._SafeQueue
    if "shutdown_lock" not in inspect.signature(safe_queue.__init__).parameters:
        return False

    def _on_queue_feeder_error(self, e, obj):
        if not isinstance(obj, process_module._CallItem):
            return super(safe_queue, self)._on_queue_feeder_error(e, obj)
        # As CPython's own, without `with self.shutdown_lock:` around the wake-up.
        text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
        e.__cause__ = process_module._RemoteTraceback(f'\n"""\n{text}"""')
        work_item = self.pending_work_items.pop(obj.work_id, None)
        self.thread_wakeup.wakeup()
        if work_item is not None:
            work_item.future.set_exception(e)

    safe_queue._on_queue_feeder_error = _on_queue_feeder_error
    return True


def free_threaded_build():
    """A CPython built without the GIL (3.13t, 3.14t), whether or not it is on right now."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_enabled():
    """False when threads really run Python code in parallel (a free-threaded build
    with its GIL off); sys._is_gil_enabled() exists from 3.13 on."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else bool(is_enabled())


def interpreter_name():
    """'CPython 3.13.0', with ' free-threaded' for a build without the GIL."""
    version = ".".join(map(str, sys.version_info[:3]))
    name = f"{sys.implementation.name.replace('cpython', 'CPython')} {version}"
    return name + (" free-threaded" if free_threaded_build() else "")


def usable_cpus():
    """CPUs this process may run on (its affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextlib.contextmanager
def threads_on_one_cpu(set_affinity=getattr(os, "sched_setaffinity", None)):
    """Keep the calling thread, and every thread it starts meanwhile, on the CPU it is
    on now. The controlled scheduler runs one thread at a time and hands the turn over
    at every step: between two threads on one CPU that is a local wake-up (about 6 us
    on the project's 2-core machine), across two CPUs about 24 us, which made actor
    designs a third slower to grade. Linux only: there sched_setaffinity(0) acts on
    the calling thread alone and new threads inherit it. Elsewhere nothing changes.

    Seen by code that runs meanwhile: os.process_cpu_count() (3.13+) is 1, so a
    ThreadPoolExecutor made without max_workers gets 5 workers; no check relies on
    the default, which differs between machines anyway."""
    if set_affinity is None:
        yield
        return
    before = os.sched_getaffinity(0)
    current = _current_cpu()
    if len(before) < 2 or current not in before:
        yield
        return
    set_affinity(0, {current})
    try:
        yield
    finally:
        set_affinity(0, before)


def _current_cpu():
    """The CPU the calling thread runs on (Linux: field 39 of /proc/thread-self/stat)."""
    try:
        with open("/proc/thread-self/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[36])
    except (OSError, IndexError, ValueError):
        return None


# --- timing out a check ------------------------------------------------------------

# pytest-timeout interrupts a stuck check once. If the check hangs again on its way out
# (typically `with ThreadPoolExecutor` joining a deadlocked worker), the plugin's watchdog
# records the timeout itself this many seconds later and ends the run.
STUCK_AFTER_TIMEOUT = 5.0


class CheckTimer:
    """How a check that runs too long is stopped.

    method          pytest-timeout's method: "signal" (SIGALRM interrupts the check,
                    which then fails normally and the run goes on) or "thread" (where
                    there is no SIGALRM: it dumps stacks and ends the process).
    pytest_timeout  the limit handed to pytest-timeout.
    watchdog_after  when the plugin's own watchdog records a TIMEOUT verdict and ends
                    the run. With "signal" it only catches a check still stuck after
                    the interruption; with "thread" it fires first, so a verdict is
                    always recorded, and pytest-timeout stays as a backstop. A stuck
                    check cannot be interrupted there, so the first timeout ends the
                    run (no later repetition runs; the verdict is TIMEOUT either way).
    """

    def __init__(self, check_timeout, has_sigalrm=None, grace=STUCK_AFTER_TIMEOUT):
        if has_sigalrm is None:
            has_sigalrm = HAS_SIGALRM
        if has_sigalrm:
            self.method, self.pytest_timeout, self.watchdog_after = "signal", check_timeout, check_timeout + grace
        else:
            self.method, self.pytest_timeout, self.watchdog_after = "thread", check_timeout + 2 * grace, check_timeout


# --- the grading subprocess and everything it starts ---------------------------------


def start_process_tree(command, system=SYSTEM, **popen_args):
    """subprocess.Popen(command) in a group of its own, so that kill_process_tree can
    end it together with every process it started (pool workers, learner forks)."""
    if system == WINDOWS:
        process = subprocess.Popen(command, creationflags=subprocess.CREATE_NEW_PROCESS_GROUP, **popen_args)
        process.kata_job = _WindowsJob.holding(process)
        return process
    return subprocess.Popen(command, start_new_session=True, **popen_args)


def kill_process_tree(process, system=SYSTEM):
    """Kill `process` and everything it started; safe to call when it already ended."""
    if system == WINDOWS:
        job = getattr(process, "kata_job", None)
        if job is not None:
            job.terminate()
        elif process.poll() is None:
            # No job object: taskkill walks the tree from a process that is still alive.
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        if process.poll() is None:
            process.kill()


class _WindowsJob:
    """A Windows job object: every process started inside it stays in it, and
    terminating the job kills them all, even after the first one has exited (which
    taskkill /T cannot). Closing the last handle kills them too (KILL_ON_JOB_CLOSE),
    so nothing outlives the grader. See the Win32 docs of CreateJobObjectW,
    SetInformationJobObject, AssignProcessToJobObject and TerminateJobObject."""

    KILL_ON_JOB_CLOSE = 0x2000
    EXTENDED_LIMIT_INFORMATION = 9

    def __init__(self, kernel32, handle):
        self.kernel32, self.handle = kernel32, handle

    @classmethod
    def holding(cls, process):
        """The job holding `process`, or None when one cannot be made (then taskkill)."""
        try:
            import ctypes
            from ctypes import wintypes
        except ImportError:
            return None

        class BasicLimits(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", ctypes.c_uint64 * 6),
                        ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        handle = kernel32.CreateJobObjectW(None, None)
        if not handle:
            return None
        limits = ExtendedLimits()
        limits.BasicLimitInformation.LimitFlags = cls.KILL_ON_JOB_CLOSE
        kernel32.SetInformationJobObject(wintypes.HANDLE(handle), cls.EXTENDED_LIMIT_INFORMATION,
                                         ctypes.byref(limits), ctypes.sizeof(limits))
        # Popen's handle to the child (an undocumented attribute, present on Windows).
        if not kernel32.AssignProcessToJobObject(wintypes.HANDLE(handle), wintypes.HANDLE(int(process._handle))):
            kernel32.CloseHandle(wintypes.HANDLE(handle))
            return None
        return cls(kernel32, handle)

    def terminate(self):
        if self.handle:
            from ctypes import wintypes

            self.kernel32.TerminateJobObject(wintypes.HANDLE(self.handle), 1)
            self.kernel32.CloseHandle(wintypes.HANDLE(self.handle))
            self.handle = None


# --- single key presses in watch mode ------------------------------------------------


def key_input(fd, is_terminal, system=SYSTEM):
    """Raw input for watch mode: a context manager whose `read(timeout)` returns the
    bytes that arrived within `timeout` seconds (b"" when none did), or None at end of
    input. On a terminal each key arrives at once, without Enter."""
    if system == WINDOWS:
        return _WindowsConsole() if is_terminal else _ThreadedPipe(fd)
    return _PosixInput(fd, is_terminal)


class _PosixInput:
    def __init__(self, fd, is_terminal):
        self.fd, self.is_terminal, self.saved = fd, is_terminal, None

    def __enter__(self):
        if self.is_terminal:
            import termios
            import tty

            self.saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd, termios.TCSANOW)  # keys at once, no echo; Ctrl-C still works
        return self

    def __exit__(self, *exc_info):
        if self.saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
            self.saved = None
        return False

    def read(self, timeout):
        import select

        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        return os.read(self.fd, 1024) or None


class _WindowsConsole(contextlib.AbstractContextManager):
    """msvcrt reads console keys one at a time without Enter and without echo."""

    POLL = 0.02

    def __exit__(self, *exc_info):
        return False

    def read(self, timeout):
        import msvcrt

        deadline = time.monotonic() + timeout
        while not msvcrt.kbhit():
            if time.monotonic() >= deadline:
                return b""
            time.sleep(self.POLL)
        keys = []
        while msvcrt.kbhit():
            keys.append(msvcrt.getwch())
        return "".join(keys).encode(errors="replace")


class _ThreadedPipe(contextlib.AbstractContextManager):
    """Windows cannot select() on a pipe: a daemon thread reads it into a queue."""

    def __init__(self, fd):
        self.chunks = queue.Queue()
        threading.Thread(target=self._pump, args=(fd,), daemon=True).start()

    def _pump(self, fd):
        while True:
            try:
                data = os.read(fd, 1024)
            except OSError:
                data = b""
            self.chunks.put(data or None)
            if not data:
                return

    def __exit__(self, *exc_info):
        return False

    def read(self, timeout):
        try:
            return self.chunks.get(timeout=timeout)
        except queue.Empty:
            return b""


# Per-lesson CPU and memory limits for the grading subprocess, where the OS offers them
# (POSIX resource.setrlimit; on Windows the runner's wall-clock limit is the only one).
# Called in the child before any learner code runs, so it and its forks inherit them.
MEMORY_LIMIT = 2 * 1024**3  # bytes of heap (RLIMIT_DATA): far above any exercise's needs
# Only Linux enforces RLIMIT_DATA on every allocation (macOS accepts it and ignores it).
MEMORY_LIMIT_ENFORCED = sys.platform.startswith("linux")


def limit_resources(cpu_seconds: int, memory_bytes: int = MEMORY_LIMIT) -> None:
    """At most `cpu_seconds` of CPU time and `memory_bytes` of data for this process;
    quietly nothing where the OS has no such limits."""
    try:
        import resource
    except ImportError:
        return
    for limit, value in ((getattr(resource, "RLIMIT_CPU", None), cpu_seconds),
                         (getattr(resource, "RLIMIT_DATA", None), memory_bytes)):
        if limit is None:
            continue
        soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            pass  # a platform that refuses this limit keeps its own
