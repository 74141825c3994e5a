"""Cooperative stand-ins for threading's Lock, RLock, Condition, Semaphore,
BoundedSemaphore and Event, and the context manager that patches them in.

Every primitive here is built on `Lock`, and `Lock` has two modes:

* called from a thread the scheduler controls, a lock that is taken is never
  waited for in C: the thread tells the scheduler what it waits for and hands the
  turn to another thread (`run.wait_for`);
* called from any other thread (or when no run is active), it is a plain real
  lock, so a learner module imported under `cooperative_threading()` also works
  in ordinary, uncontrolled checks.

The primitives also name themselves by where they were created
(`counter.py:7 (self._lock)`) for the deadlock report and the trace.
"""

import _thread
import collections
import linecache
import os
import re
import sys
import threading
import time
from contextlib import contextmanager

_real_allocate_lock = _thread.allocate_lock
_ORIGINALS = {name: getattr(threading, name) for name in
              ("Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore", "Event")}
ORIGINAL_THREAD_START = threading.Thread.start
ORIGINAL_SLEEP = time.sleep
_REAL_PRIMITIVE_TYPES = tuple({type(_real_allocate_lock()), type(threading.RLock()),
                               threading.Condition, threading.Semaphore, threading.Event})

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_THREADING_FILE = os.path.abspath(threading.__file__)
_ASSIGNED_NAME = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?::[^=]*)?=(?!=)")

_current = _thread._local()  # .ts: the controlled thread state of this OS thread
active_run = None            # the run in progress (set by the scheduler), or None


class RunAborted(BaseException):
    """Unwinds a thread body when the scheduler abandons a run (deadlock, error)."""


def controlled_thread():
    """The state of the calling thread if the scheduler controls it, else None."""
    return getattr(_current, "ts", None)


def set_controlled_thread(ts):
    _current.ts = ts


_scheduler_files = {}


def is_scheduler_file(filename):
    known = _scheduler_files.get(filename)
    if known is None:
        path = os.path.abspath(filename)
        known = path == _THREADING_FILE or os.path.dirname(path) == _PACKAGE_DIR
        _scheduler_files[filename] = known
    return known


def _uncontrolled_use(primitive):
    """A thread the scheduler does not control touched a primitive during a run:
    learner code is running somewhere the schedule cannot reach."""
    run = active_run
    if run is not None and not run.is_harness_thread():
        run.mark_unsupported("learner code ran in a thread the scheduler does not control "
                             f"(it used {primitive.describe()}); threads started by the learner "
                             "code or a pool created before the check cannot be scheduled")


# ---------------------------------------------------------------- naming

class _Site:
    """Where a primitive was created, for reports."""

    def __init__(self, filename, lineno, target, owner):
        self.filename, self.lineno, self.target, self.owner = filename, lineno, target, owner

    def location(self):
        return f"{os.path.basename(self.filename)}:{self.lineno}"


def _creation_site():
    frame = sys._getframe(2)
    while frame is not None and is_scheduler_file(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return None
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    match = _ASSIGNED_NAME.match(line)
    target = match.group(1) if match else None
    owner = None
    if target and target.startswith("self."):
        instance = frame.f_locals.get("self")
        if instance is not None:
            owner = _owner_name(instance, frame.f_code.co_filename, frame.f_lineno)
    return _Site(frame.f_code.co_filename, frame.f_lineno, target, owner)


_global_owner_numbers = {}


def _owner_name(instance, filename, lineno):
    """'Account #2': instances are numbered per creation line, per run."""
    run = active_run
    numbers = run.owner_numbers if run is not None else _global_owner_numbers
    per_site = numbers.setdefault((filename, lineno), {})
    number = per_site.setdefault(id(instance), len(per_site) + 1)
    return f"{type(instance).__name__} #{number}"


# ---------------------------------------------------------------- base

class _Primitive:
    kind = "Lock"

    def _init_primitive(self, outer):
        self._outer = outer                 # the public primitive this one implements
        self._site = None if outer is not None else _creation_site()
        self._run = active_run              # run that created it (None: long-lived)

    def public(self):
        """The primitive the learner sees (a Condition's waiter lock -> the Condition)."""
        primitive = self
        while primitive._outer is not None:
            primitive = primitive._outer
        return primitive

    def short_name(self):
        site = self.public()._site
        if site is None:
            return self.public().kind
        if site.target:
            return f"{site.target} of {site.owner}" if site.owner else site.target
        return f"{self.public().kind} created at {site.location()}"

    def describe(self):
        """`counter.py:7 (self._lock)`, or `Lock created at counter.py:7`."""
        public = self.public()
        site = public._site
        if site is None:
            return f"a {public.kind}"
        if site.target:
            return f"{site.location()} ({public.short_name()})"
        return f"{public.kind} created at {site.location()}"

    def _touched(self, ts):
        """Let the run restore long-lived primitives (module-level locks) afterwards."""
        if self._run is not ts.run:
            ts.run.remember_state(self)

    def __repr__(self):
        return f"<cooperative {self.kind} {self.describe()}>"


# ---------------------------------------------------------------- Lock

class Lock(_Primitive):
    """threading.Lock: a real lock outside runs, cooperative inside them."""

    kind = "Lock"

    def __init__(self, *, _outer=None):
        self._real = _real_allocate_lock()
        self._holder = None   # controlled thread holding it, for reports
        self._init_primitive(_outer)

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout_args(blocking, timeout)
        ts = controlled_thread()
        if ts is None:
            if active_run is not None and self._outer is None:
                _uncontrolled_use(self)
            return self._real.acquire(blocking, timeout)
        return self._acquire_controlled(ts, blocking, timeout)

    def _acquire_controlled(self, ts, blocking, timeout):
        self._touched(ts)
        while True:
            if self._real.acquire(False):
                self._holder = ts
                if self._outer is None:
                    ts.held.append(self)
                    ts.run.note(ts, f"acquires {self.short_name()}")
                return True
            if not blocking or timeout == 0:
                return False
            if not ts.run.wait_for(ts, self, can_time_out=timeout > 0):
                return False

    def release(self):
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
        self._real.release()  # raises RuntimeError on an unlocked lock, like the real one
        holder, self._holder = self._holder, None
        if holder is not None and self in holder.held:
            holder.held.remove(self)
        if ts is not None and self._outer is None:
            ts.run.note(ts, f"releases {self.short_name()}")

    def locked(self):
        return self._real.locked()

    def holder_name(self):
        return self._holder.name if self._holder is not None else None

    def _at_fork_reinit(self):
        self._real = _real_allocate_lock()
        self._holder = None

    __enter__ = acquire

    def __exit__(self, *exc_info):
        self.release()

    def snapshot(self):
        return self._real.locked(), self._holder

    def restore(self, state):
        was_locked, holder = state
        if self._real.locked() and not was_locked:
            self._real.release()
        elif was_locked and not self._real.locked():
            self._real.acquire(False)
        self._holder = holder


def _check_timeout_args(blocking, timeout):
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be a non-negative number")


# ---------------------------------------------------------------- RLock

class RLock(_Primitive):
    """threading.RLock on top of the cooperative Lock."""

    kind = "RLock"

    def __init__(self, *, _outer=None):
        self._init_primitive(_outer)
        self._block = Lock(_outer=self)
        self._owner = None    # thread ident
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        me = _thread.get_ident()
        ts = controlled_thread()
        if self._owner == me:
            self._count += 1
            if ts is not None:
                ts.run.note(ts, f"acquires {self.short_name()} again (count {self._count})")
            return True
        if not self._block.acquire(blocking, timeout):
            return False
        self._owner, self._count = me, 1
        if ts is not None:
            ts.held.append(self)
            ts.run.note(ts, f"acquires {self.short_name()}")
        return True

    __enter__ = acquire

    def release(self):
        if self._owner != _thread.get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        ts = controlled_thread()
        if self._count:
            if ts is not None:
                ts.run.note(ts, f"releases {self.short_name()} once (count {self._count})")
            return
        self._owner = None
        self._forget_holder()
        self._block.release()
        if ts is not None:
            ts.run.note(ts, f"releases {self.short_name()}")

    def _forget_holder(self):
        holder = self._block._holder
        if holder is not None and self in holder.held:
            holder.held.remove(self)

    def __exit__(self, *exc_info):
        self.release()

    def locked(self):
        return self._block.locked()

    def holder_name(self):
        return self._block.holder_name()

    # The protocol threading.Condition uses on RLocks.
    def _is_owned(self):
        return self._owner == _thread.get_ident()

    def _release_save(self):
        if not self._is_owned():
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count, self._owner = 0, None
        self._forget_holder()
        self._block.release()
        return state

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state
        ts = controlled_thread()
        if ts is not None:
            ts.held.append(self)

    def _at_fork_reinit(self):
        self._block._at_fork_reinit()
        self._owner, self._count = None, 0

    def snapshot(self):
        return self._block.snapshot(), self._owner, self._count

    def restore(self, state):
        block_state, self._owner, self._count = state
        self._block.restore(block_state)


# ---------------------------------------------------------------- Condition

class Condition(_Primitive):
    """threading.Condition whose waiters are cooperative locks."""

    kind = "Condition"

    def __init__(self, lock=None, *, _outer=None):
        self._init_primitive(_outer)
        self._lock = lock if lock is not None else RLock(_outer=self)
        self._waiters = collections.deque()
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc_info):
        return self._lock.__exit__(*exc_info)

    def _is_owned(self):
        if hasattr(self._lock, "_is_owned"):
            return self._lock._is_owned()
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def _release_save(self):
        if hasattr(self._lock, "_release_save"):
            return self._lock._release_save()
        self._lock.release()
        return None

    def _acquire_restore(self, state):
        if hasattr(self._lock, "_acquire_restore"):
            self._lock._acquire_restore(state)
        else:
            self._lock.acquire()

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
        waiter = Lock(_outer=self)
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        got_it = False
        try:
            if timeout is None:
                got_it = waiter.acquire()
            elif timeout > 0:
                got_it = waiter.acquire(True, timeout)
            else:
                got_it = waiter.acquire(False)
            return got_it
        finally:
            self._acquire_restore(saved)
            if not got_it:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        end_time = None
        wait_time = timeout
        result = predicate()
        while not result:
            if wait_time is not None:
                if end_time is None:
                    end_time = time.monotonic() + wait_time
                else:
                    wait_time = end_time - time.monotonic()
                    if wait_time <= 0:
                        break
            timed_out = not self.wait(wait_time)
            result = predicate()
            if timed_out:  # inside a run timeouts are virtual: real time barely moved
                break
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        ts = controlled_thread()
        if ts is not None and self._outer is None:
            self._touched(ts)
            ts.run.note(ts, f"notifies {self.short_name()}")
        for _ in range(min(n, len(self._waiters))):
            waiter = self._waiters.popleft()
            try:
                waiter.release()
            except RuntimeError:
                pass

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all

    def snapshot(self):
        return list(self._waiters)

    def restore(self, state):
        self._waiters = collections.deque(state)


# ---------------------------------------------------------------- Semaphore

class Semaphore(_Primitive):
    kind = "Semaphore"

    def __init__(self, value=1, *, _outer=None):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._init_primitive(_outer)
        self._cond = Condition(Lock(_outer=self), _outer=self)
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
        end_time = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    return False
                if timeout is not None:
                    if end_time is None:
                        end_time = time.monotonic() + timeout
                    else:
                        timeout = end_time - time.monotonic()
                        if timeout <= 0:
                            return False
                if not self._cond.wait(timeout) and timeout is not None:
                    return False
            self._value -= 1
            if ts is not None:
                ts.held.append(self)
                ts.run.note(ts, f"acquires {self.short_name()} (value now {self._value})")
            return True

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
        with self._cond:
            self._check_release(n)
            self._value += n
            if ts is not None:
                self._forget_holders(ts, n)
                ts.run.note(ts, f"releases {self.short_name()} (value now {self._value})")
            self._cond.notify(n)

    def _forget_holders(self, ts, n):
        """A semaphore has no owner: drop it from the releasing thread's list
        first, then from any other thread of the run."""
        for holder in [ts] + [t for t in ts.run.threads if t is not ts]:
            while n and self in holder.held:
                holder.held.remove(self)
                n -= 1

    def _check_release(self, n):
        pass

    def __exit__(self, *exc_info):
        self.release()

    def snapshot(self):
        return self._value

    def restore(self, state):
        self._value = state


class BoundedSemaphore(Semaphore):
    kind = "BoundedSemaphore"

    def __init__(self, value=1, *, _outer=None):
        super().__init__(value, _outer=_outer)
        self._initial_value = value

    def _check_release(self, n):
        if self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")


# ---------------------------------------------------------------- Event

class Event(_Primitive):
    kind = "Event"

    def __init__(self, *, _outer=None):
        self._init_primitive(_outer)
        self._cond = Condition(Lock(_outer=self), _outer=self)
        self._flag = False

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
            ts.run.note(ts, f"sets {self.short_name()}")
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
            ts.run.note(ts, f"clears {self.short_name()}")
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        ts = controlled_thread()
        if ts is not None:
            self._touched(ts)
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled

    def _at_fork_reinit(self):
        self._cond = Condition(Lock(_outer=self), _outer=self)
        self._flag = False

    def snapshot(self):
        return self._flag

    def restore(self, state):
        self._flag = state


# ---------------------------------------------------------------- waiting descriptions

def describe_wait(lock):
    """What a thread blocked on `lock` (maybe a Condition's waiter) is waiting for."""
    public = lock.public()
    if isinstance(public, Event):
        return f"waits for {public.describe()} to be set"
    if isinstance(public, Semaphore):
        return f"waits for {public.describe()} to be released"
    if isinstance(public, Condition) and lock is not public._lock:
        return f"waits for a notify on {public.describe()}"
    holder = public.holder_name() if hasattr(public, "holder_name") else None
    held_by = f" (held by {holder})" if holder else ""
    return f"waits for {public.describe()}{held_by}"


# ---------------------------------------------------------------- patching

_patch_guard = _real_allocate_lock()
_patch_depth = 0
_REPLACEMENTS = {"Lock": Lock, "RLock": RLock, "Condition": Condition, "Semaphore": Semaphore,
                 "BoundedSemaphore": BoundedSemaphore, "Event": Event}


def _guarded_thread_start(thread):
    """threading.Thread.start while patched: a thread started during a run is
    outside the schedule, so the run is reported as unsupported."""
    run = active_run
    if run is not None:
        run.mark_unsupported("learner code started a thread (threading.Thread or a "
                             "ThreadPoolExecutor worker) inside a controlled run; the "
                             "scheduler can only control the threads it starts itself")
        raise RuntimeError("kata.scheduler: starting a thread inside a controlled run "
                           "is not supported")
    return ORIGINAL_THREAD_START(thread)


def _cooperative_sleep(seconds):
    """time.sleep while patched: virtual inside a run (the call is already a
    switch point, and a real sleep would only slow every schedule down)."""
    if controlled_thread() is None:
        return ORIGINAL_SLEEP(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    return None


@contextmanager
def cooperative_threading():
    """Replace threading.Lock, RLock, Condition, Semaphore, BoundedSemaphore and
    Event by the cooperative versions while the block runs (nestable), guard
    threading.Thread.start, and make time.sleep virtual in controlled threads.

    Import the learner module inside it so module-level locks and
    `from threading import Lock` get the cooperative classes."""
    global _patch_depth
    with _patch_guard:
        if _patch_depth == 0:
            for name, replacement in _REPLACEMENTS.items():
                setattr(threading, name, replacement)
            threading.Thread.start = _guarded_thread_start
            time.sleep = _cooperative_sleep
        _patch_depth += 1
    try:
        yield
    finally:
        with _patch_guard:
            _patch_depth -= 1
            if _patch_depth == 0:
                for name, original in _ORIGINALS.items():
                    setattr(threading, name, original)
                threading.Thread.start = ORIGINAL_THREAD_START
                time.sleep = ORIGINAL_SLEEP


def find_real_primitives(namespace, where):
    """Real (non-cooperative) threading primitives, threads and pools in a dict:
    they block in C or run code outside the schedule, so the run cannot be
    controlled."""
    from concurrent.futures import Executor

    found = []
    for name, value in list(namespace.items()):
        if isinstance(value, _REAL_PRIMITIVE_TYPES + (Executor, threading.Thread)):
            found.append(f"{where}.{name}")
    return found
