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
import concurrent.futures.thread  # noqa: F401 - its module-level lock must stay a real one
import linecache
import logging
import math
import os
import queue
import re
import sys
import threading
import time
import weakref
from contextlib import contextmanager

_real_allocate_lock = _thread.allocate_lock
_ORIGINALS = {name: getattr(threading, name) for name in
              ("Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore", "Event")}
ORIGINAL_THREAD_START = threading.Thread.start
ORIGINAL_SLEEP = time.sleep
_REAL_CLOCKS = {"monotonic": time.monotonic, "time": time.time, "perf_counter": time.perf_counter}
_REAL_SIMPLE_QUEUE = queue.SimpleQueue
# The scheduler's own deadlines: the real clock, not time.monotonic, which a run patches
# (a patched call from the harness thread reaches the same clock, only slower).
real_monotonic = _REAL_CLOCKS["monotonic"]
_REAL_PRIMITIVE_TYPES = tuple({type(_real_allocate_lock()), type(threading.RLock()),
                               threading.Condition, threading.Semaphore, threading.Event,
                               _REAL_SIMPLE_QUEUE})

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_THREADING_FILE = os.path.abspath(threading.__file__)
_ASSIGNED_NAME = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?::[^=]*)?=(?!=)")

class _ThisThread(_thread._local):
    ts = None  # the controlled thread state of this OS thread: a class default, so that
    #            a thread without one reads None without raising (and catching) AttributeError


_current = _ThisThread()
active_run = None            # the run in progress (set by the scheduler), or None


def set_active_run(run):
    # A global statement, not `_sync.active_run = run`: in the grading process this
    # module's attribute setter raises an audit event for the guard's hook (twice a run).
    global active_run
    active_run = run


class RunAborted(BaseException):
    """Unwinds a thread body when the scheduler abandons a run (deadlock, error)."""


def _not_an_abort(record):
    """A pool worker unwound by RunAborted (an abandoned run) logs 'Exception in
    worker' with a traceback; that is the scheduler's doing, not the learner's."""
    return not (record.exc_info and isinstance(record.exc_info[1], RunAborted))


logging.getLogger("concurrent.futures").addFilter(_not_an_abort)


def controlled_thread():
    """The state of the calling thread if the scheduler controls it, else None."""
    return _current.ts


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


_scheduler_namespaces = {}  # __file__ -> module namespace, of this package and threading


def is_scheduler_frame(frame):
    """Whether `frame` runs the scheduler's code (or threading's), told by its module's
    namespace: reading frame.f_code is an audit event, and in the grading process the
    guard's hook runs for each one (several per switch point); f_globals is not."""
    namespace = frame.f_globals
    filename = namespace.get("__file__")
    known = _scheduler_namespaces.get(filename)
    if known is None and type(filename) is str and is_scheduler_file(filename) \
            and _is_module_namespace(namespace):
        known = _scheduler_namespaces[filename] = namespace
    return known is namespace


def _is_module_namespace(namespace):
    """Whether `namespace` is that of the module sys.modules has by its __name__ (code
    exec'd with a made-up __file__ is not the scheduler's)."""
    module = sys.modules.get(namespace.get("__name__"))
    return module is not None and vars(module) is namespace


judging = False  # True while the harness evaluates an invariant after a run


def set_judging(flag):
    global judging  # as in set_active_run
    judging = flag


def _refuse_waiting_for_ended_run(primitive):
    """The invariant runs after the run, whose threads are gone: if it has to wait
    for a lock, queue, condition or event, no thread is left to wake it (a design
    whose own thread keeps the state, asked for it by the invariant). Fail at once
    instead of hanging."""
    if judging and _current.ts is None:
        raise RuntimeError(
            f"kata.scheduler: the check's invariant had to wait for {primitive.describe()}, "
            "after the run, when the threads of the run are gone; it would wait forever. "
            "Read the state inside a thread body (for example as its return value) when "
            "the code under test keeps threads of its own.")


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

    def __init__(self, filename, lineno, target, owner, *, named=True):
        self.filename, self.lineno, self.target, self.owner = filename, lineno, target, owner
        self.made = None  # "lock #2, made by T1 at inventory.py:21" when made inside a run
        # Several primitives from one line for one owner (a lock per account in a
        # dict comprehension) are told apart as "[1 of 2]", "[2 of 2]".
        self._key = (filename, lineno, owner)
        if named:
            run = active_run
            self._siblings = run.site_counts if run is not None else _global_site_counts
            self.index = self._siblings[self._key] = self._siblings.get(self._key, 0) + 1
        else:  # counted only where names are shown (see _init_primitive)
            self._siblings, self.index = {}, 1

    def sibling_mark(self):
        total = self._siblings.get(self._key, 1)
        return f" [{self.index} of {total}]" if total > 1 else ""

    def location(self):
        return f"{os.path.basename(self.filename)}:{self.lineno}"

    def number_within_run(self, kind):
        """Primitives the code under test makes while the run goes on (a lock per
        call, say) are numbered, so two of them never look like one in a trace."""
        ts, run = _current.ts, active_run
        if ts is None or run is None or not run.backend.watched.watches_file(self.filename):
            return
        run.primitives_made += 1
        self.made = f"{kind.lower()} #{run.primitives_made}, made by {ts.name} at {self.location()}"


def _creation_frame():
    """The frame that is creating a primitive: the first one outside this package."""
    frame = sys._getframe(3)
    while frame is not None and is_scheduler_frame(frame):
        frame = frame.f_back
    return frame


def _creation_site(frame, named=True):
    if frame is None:
        return None
    code = frame.f_code
    if not named:
        return _Site(code.co_filename, frame.f_lineno, None, None, named=False)
    line = linecache.getline(code.co_filename, frame.f_lineno)
    match = _ASSIGNED_NAME.match(line)
    target = match.group(1) if match else None
    owner = None
    if target and target.startswith("self."):
        instance = frame.f_locals.get("self")
        if instance is None and code.co_name.startswith("<") and frame.f_back is not None:
            instance = frame.f_back.f_locals.get("self")  # a comprehension's frame (3.10/3.11)
        if instance is not None:
            owner = _owner_name(instance, code.co_filename, frame.f_lineno)
    return _Site(code.co_filename, frame.f_lineno, target, owner)


_global_owner_numbers = {}
_global_site_counts = {}


def _owner_name(instance, filename, lineno):
    """'Account #2': instances are numbered per creation line, per run."""
    run = active_run
    numbers = run.owner_numbers if run is not None else _global_owner_numbers
    per_site = numbers.setdefault((filename, lineno), {})
    number = per_site.setdefault(id(instance), len(per_site) + 1)
    return f"{type(instance).__name__} #{number}"


# ---------------------------------------------------------------- base

def learner_made(primitive):
    """Whether the primitive was created in the watched code (or is the scheduler's
    own thread-end or sleep marker), as opposed to inside a library."""
    site = getattr(primitive.public(), "_site", None)
    run = active_run
    return site is None or run is None or run.backend.watched.watches_file(site.filename)


class _Primitive:
    kind = "Lock"

    def _init_primitive(self, outer):
        self._outer = outer                 # the primitive this one implements
        self._public = self if outer is None else outer._public  # the one the learner sees
        self._run = run = active_run        # run that created it (None: long-lived)
        # Its name in the search's footprints, the same in every run of a schedule
        # (ids are not: each run makes its own objects). See _footprint.py.
        self._key = ("kept", id(self)) if run is None else ("made", run.number_primitive())
        # Names ("lock #2, made by T1", "_lock of Account #1") are read in traces only,
        # and a trace is recorded by replaying the schedule (run.recorder). Building them
        # costs more than the rest of a primitive: an actor's Futures and queue make a
        # dozen per schedule. Runs that do not record keep the place only.
        named = run is None or run.recorder is not None
        frame = None if outer is not None else _creation_frame()
        self._site = _creation_site(frame, named)
        if self._site is not None and named:
            self._site.number_within_run(self.kind)
        self._semantics = _library_object_made_in(frame, self)

    def public(self):
        """The primitive the learner sees (a Condition's waiter lock -> the Condition)."""
        return self._public

    def short_name(self):
        site = self.public()._site
        if site is None:
            return self.public().kind
        named = f"{site.target} of {site.owner}" if site.target and site.owner else site.target
        if named and not site.made:
            named += site.sibling_mark()
        if site.made:
            return f"{named} ({site.made})" if named else site.made
        return named or f"{self.public().kind} created at {site.location()}"

    def describe(self):
        """`counter.py:7 (self._lock)`, `Lock created at counter.py:7`, or for one
        made during the run `guard (lock #2, made by T1 at counter.py:9)`."""
        public = self.public()
        site = public._site
        if site is None:
            return f"a {public.kind}"
        if site.made:
            return public.short_name()
        if site.target:
            return f"{site.location()} ({public.short_name()})"
        return f"{public.kind} created at {site.location()}"

    def _note(self, ts, text):
        """Add `text()` to the trace when one is recorded, unless the primitive
        belongs to library code (a Future's condition, a pool's queue): only
        waits on those are shown. (A callable: names cost time to build.)"""
        if ts.run.recorder is not None and learner_made(self):
            ts.run.note(ts, text())

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
    reported = True  # False: the scheduler's own bookkeeping, never named in a trace

    def __init__(self, *, _outer=None):
        self._real = _real_allocate_lock()
        self._holder = None   # controlled thread holding it, for reports
        self._init_primitive(_outer)
        # A lock the learner sees (not the inner lock of a Condition or Event).
        self._tracked = _outer is None and self.reported

    def acquire(self, blocking=True, timeout=-1):
        if blocking is not True or timeout != -1:
            _check_timeout_args(blocking, timeout)
        ts = _current.ts
        if ts is None:
            if active_run is not None and self._tracked:
                _uncontrolled_use(self)
            if blocking and not self._real.acquire(False):
                _refuse_waiting_for_ended_run(self.public())
                return self._real.acquire(blocking, timeout)
            return True if blocking else self._real.acquire(False)
        return self._acquire_controlled(ts, blocking, timeout)

    def _acquire_controlled(self, ts, blocking, timeout):
        self._touched(ts)
        deadline = ts.run.now + timeout if blocking and timeout > 0 else None
        gave_up = False
        while True:
            _touch(ts, self._public)  # each attempt: a retry after a wait is a new step
            if self._real.acquire(False):
                self._holder = ts
                if self._tracked:
                    ts.held.append(self)
                    self._note(ts, lambda: f"acquires {self.short_name()}")
                return True
            if gave_up:
                return False
            if not blocking or timeout == 0:
                if self._tracked:
                    held_by = self.holder_name()
                    self._note(ts, lambda: f"tries {self.short_name()} without waiting"
                                    + (f": {held_by} holds it" if held_by else "")
                                    + ", gets False and carries on")
                return False
            gave_up = not ts.run.wait_for(ts, self, deadline)

    def release(self):
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
            _touch(ts, self._public)
        self._real.release()  # raises RuntimeError on an unlocked lock, like the real one
        holder, self._holder = self._holder, None
        if holder is not None and self in holder.held:
            holder.held.remove(self)
        if ts is not None and self._tracked:
            self._note(ts, lambda: f"releases {self.short_name()}")

    def locked(self):
        _touch_in_run(self.public())
        return self._real.locked()

    def taken(self):
        """locked() for the scheduler's own bookkeeping: not a use by the thread."""
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


def _touch_in_run(primitive):
    """A read without the primitive's lock is a use of it, for the search's footprints."""
    ts = _current.ts
    if ts is not None:
        _touch(ts, primitive)


# ------------------------------------------------ what a library object's operation means
#
# A step that takes a lock conflicts with every other step that takes it, so the
# search tries both orders of every two critical sections on it. For the locks
# inside a Future and a FIFO queue.Queue (or SimpleQueue) that is more than their
# meaning needs, and an actor design pays for it at every request:
#
# * Future.result() and Future.exception() without a timeout wait for the future's
#   final state, which never changes once set. Run earlier, the call only waits
#   longer; it returns the same. Their steps commute with the steps that set it
#   (set_result, set_exception, set_running_or_notify_cancel) and with each other.
#   Event.wait() without a timeout and Event.set() likewise; Event.clear() and
#   is_set() conflict with both.
# * A blocking put() and a blocking get() without a timeout commute: first in,
#   first out, a get returns the oldest item whether a put at the tail came just
#   before or just after it (on an empty queue the get waits for that put). Two
#   puts, or two gets, do not commute (the order of the items, which getter gets
#   which), and every other operation (qsize, get_nowait, task_done, join, a
#   timeout) conflicts with all of them.
#
# * A ThreadPoolExecutor's idle-worker semaphore only decides, in submit(), whether
#   to start another worker. Once the pool has its max_workers threads (it never
#   has fewer again) nothing reads it: its steps touch nothing. Then a worker that
#   finds no work with get_nowait() (3.12+), releases the semaphore and waits in
#   get() does what one blocking get() does, and its get_nowait() is judged so.
#
# The operation is known from the methods themselves, which cooperative_threading()
# wraps while it is active; the object from where its primitives were made: only a
# Future, a queue.Queue exactly (a LifoQueue or PriorityQueue is not first in, first
# out), the cooperative SimpleQueue and the semaphore a ThreadPoolExecutor makes.

PUTS, GETS, AWAITS, SETS, ANY = "puts", "gets", "awaits", "sets", "any"


class _IdleWorkers:
    """The semantics of a ThreadPoolExecutor's _idle_semaphore."""

    def __init__(self, executor):
        self._executor = weakref.ref(executor)

    def unread(self):
        """Whether no later step can depend on the semaphore any more."""
        executor = self._executor()
        # (A later CPython that renames these attributes keeps every step of it.)
        return executor is None or (
            _REAL_ADJUST_THREAD_COUNT is not None
            and getattr(type(executor), "_adjust_thread_count", None) is _REAL_ADJUST_THREAD_COUNT
            and len(getattr(executor, "_threads", ())) >= getattr(executor, "_max_workers", math.inf))


def _library_object_made_in(frame, primitive):
    """'future' or 'queue' when `frame` is a Future's or a FIFO queue's __init__;
    _IdleWorkers for the semaphore a ThreadPoolExecutor's __init__ makes."""
    if frame is None:
        return None
    code = frame.f_code
    if code is _FUTURE_INIT:
        return "future"
    if code is _QUEUE_INIT and type(frame.f_locals.get("self")) is queue.Queue:
        return "queue"
    if code is _POOL_INIT and isinstance(primitive, Semaphore):
        executor = frame.f_locals.get("self")
        return _IdleWorkers(executor) if executor is not None else None
    return None


def _a_worker_looking_for_work(work_queue, caller):
    """Whether `caller` is a pool worker's loop trying `work_queue` before it waits
    on it, in a pool whose idle-worker semaphore nothing reads any more."""
    ts = _current.ts
    if (ts is None or ts.work_queue is not work_queue or _POOL_WORKER is None
            or caller.f_code is not _POOL_WORKER):
        return False
    executor = ts.pool_ref()
    idle = getattr(executor, "_idle_semaphore", None)
    return isinstance(idle, Semaphore) and isinstance(idle._semantics, _IdleWorkers) and idle._semantics.unread()


def _operation(kind, role, call, *args, **kwargs):
    """Run `call(...)` as an operation of a library object, for _touch()."""
    ts = _current.ts
    if ts is None or ts.operation is not None:
        return call(*args, **kwargs)
    ts.operation = (kind, role)
    try:
        return call(*args, **kwargs)
    finally:
        ts.operation = None


def _queue_put(self, item, block=True, timeout=None):
    return _operation("queue", PUTS if block and timeout is None else ANY, _REAL_QUEUE_PUT,
                      self, item, block, timeout)


def _queue_get(self, block=True, timeout=None):
    return _operation("queue", GETS if block and timeout is None else ANY, _REAL_QUEUE_GET,
                      self, block, timeout)


def _future_result(self, timeout=None):
    return _operation("future", AWAITS if timeout is None else ANY, _REAL_FUTURE_RESULT, self, timeout)


def _future_exception(self, timeout=None):
    return _operation("future", AWAITS if timeout is None else ANY, _REAL_FUTURE_EXCEPTION, self, timeout)


def _future_setter(real):
    def setter(self, *args, **kwargs):
        return _operation("future", SETS, real, self, *args, **kwargs)
    setter.__name__ = setter.__qualname__ = real.__name__
    return setter


_SETTERS = [(concurrent.futures.Future, name, _future_setter(getattr(concurrent.futures.Future, name)))
            for name in ("set_result", "set_exception", "set_running_or_notify_cancel")]


_REAL_QUEUE_PUT, _REAL_QUEUE_GET = queue.Queue.put, queue.Queue.get
_REAL_FUTURE_RESULT = concurrent.futures.Future.result
_REAL_FUTURE_EXCEPTION = concurrent.futures.Future.exception


def _touch(ts, primitive):
    """The step of `ts` used `primitive` (a public one), for the search's footprints."""
    key, semantics = primitive._key, primitive._semantics
    if semantics is None:
        ts.run.effects.uses.add(key)  # run.touch(key), without a call: the commonest case
        return
    if isinstance(semantics, _IdleWorkers):
        if not semantics.unread():
            ts.run.touch(key)
        return
    operation = ts.operation
    role = operation[1] if operation is not None and operation[0] == semantics else ANY
    if role is SETS:
        ts.run.touch(key)
    elif role is AWAITS:
        ts.run.touch((AWAITS, key), only_reads=True)
    elif role is ANY:
        for part in (key, (AWAITS, key), (PUTS, key), (GETS, key)):
            ts.run.touch(part)
    else:
        ts.run.touch((role, key))


def uses(key, only_reads=False):
    """Called from a controlled thread by the code that drives it (a check's body):
    its step used `key` (a hashable that means the same in every run, never an
    id()), so the search never swaps it with another step that uses it too,
    unless both only read it."""
    ts = _current.ts
    if ts is not None:
        ts.run.touch(("uses", key), only_reads)


@contextmanager
def final_reading():
    """Around a check's own reading of the final state, in the last thread of the
    run to finish: while no other thread of the run is alive, its switch points
    are neither choices nor footprinted nor recorded. Nothing can interleave with
    them any more, and what they read depends only on the steps before (so no
    race with an earlier step needs them). Its waits stay cooperative: a lock
    left held is still a deadlock. Threads the code under test started and left
    running (an actor's owner) keep every step of the reading controlled."""
    ts = _current.ts
    if ts is None:
        yield
        return
    ts.reading_final_state = True
    try:
        yield
    finally:
        ts.reading_final_state = False


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
        ts = _current.ts
        if self._owner == me:
            self._count += 1
            if ts is not None:
                self._note(ts, lambda: f"acquires {self.short_name()} again (count {self._count})")
            return True
        if not self._block.acquire(blocking, timeout):
            if ts is not None and (not blocking or timeout == 0):
                self._note(ts, lambda: f"tries {self.short_name()} without waiting, gets False and carries on")
            return False
        self._owner, self._count = me, 1
        if ts is not None:
            ts.held.append(self)
            self._note(ts, lambda: f"acquires {self.short_name()}")
        return True

    __enter__ = acquire

    def release(self):
        if self._owner != _thread.get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        ts = _current.ts
        if self._count:
            if ts is not None:
                self._note(ts, lambda: f"releases {self.short_name()} once (count {self._count})")
            return
        self._owner = None
        self._forget_holder()
        self._block.release()
        if ts is not None:
            self._note(ts, lambda: f"releases {self.short_name()}")

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
        ts = _current.ts
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
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
        else:
            _refuse_waiting_for_ended_run(self.public())
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
                if ts is not None and not got_it:
                    # A zero-timeout poll takes a microsecond of virtual time, so a
                    # loop that recomputes its remaining time (as_completed does,
                    # and stops only below 0) ends instead of spinning.
                    ts.run.now += 1e-6
                    ts.run.touch_unknown()
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
        ts = _current.ts
        if ts is not None and self._outer is None:
            self._touched(ts)
            self._note(ts, lambda: f"notifies {self.short_name()}")
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
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
        end_time = None
        if timeout is not None and timeout <= 0:
            # What a pool's submit() asks of its idle-worker semaphore: one look,
            # no wait (not a poll of the clock, which every other step depends on).
            blocking, timeout = False, None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    if ts is not None:
                        self._note(ts, lambda: f"tries {self.short_name()} without waiting (value 0), "
                                        "gets False and carries on")
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
                self._note(ts, lambda: f"acquires {self.short_name()} (value now {self._value})")
            return True

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
        with self._cond:
            self._check_release(n)
            self._value += n
            if ts is not None:
                self._forget_holders(ts, n)
                self._note(ts, lambda: f"releases {self.short_name()} (value now {self._value})")
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
        self._semantics = "event" if type(self) is Event else None
        self._cond = Condition(Lock(_outer=self), _outer=self)
        self._flag = False

    def is_set(self):
        _touch_in_run(self)  # read without the lock that set() takes
        return self._flag

    isSet = is_set

    def set(self):
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
            self._note(ts, lambda: f"sets {self.short_name()}")
        _operation("event", SETS, self._raise_flag)

    def _raise_flag(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
            self._note(ts, lambda: f"clears {self.short_name()}")
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        ts = _current.ts
        if ts is not None:
            self._touched(ts)
        return _operation("event", AWAITS if timeout is None else ANY, self._wait_for_flag, timeout)

    def _wait_for_flag(self, timeout):
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

# Waits on the primitives inside concurrent.futures, in the learner's terms:
# (owner class, attribute) -> what the thread waits for.
_LIBRARY_WAITS = {
    ("Future", "self._condition"): "the result of {owner}",
    ("_AsCompletedWaiter", "self.event"): "one of the futures it waits on to finish (as_completed)",
    ("_FirstCompletedWaiter", "self.event"): "one of the futures it waits on to finish (wait)",
    ("_AllCompletedWaiter", "self.event"): "the futures it waits on to finish (wait)",
    ("ThreadPoolExecutor", "self._work_queue"): "a task in the queue of {owner}",
}


def _library_wait(public):
    site = getattr(public, "_site", None)
    if site is None or site.owner is None:
        return None
    text = _LIBRARY_WAITS.get((site.owner.split(" #")[0], site.target))
    return None if text is None else "waits for " + text.format(owner=site.owner)


def describe_wait(lock):
    """What a thread blocked on `lock` (maybe a Condition's waiter) is waiting for."""
    public = lock.public()
    library = _library_wait(public)
    if library is not None:
        return library
    if isinstance(public, Sleep):
        return public.describe()
    if isinstance(public, SimpleQueue):
        return f"waits for an item in {public.describe()}"
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


def _patched_start(thread):
    """threading.Thread.start while patched: a thread started during a run (by a
    controlled thread, or by setup() in the harness) becomes a controlled thread
    of that run; anywhere else it is a real thread."""
    run = active_run
    if run is None or (_current.ts is None and not run.is_harness_thread()):
        return ORIGINAL_THREAD_START(thread)
    return run.start_thread(thread)


# ---------------------------------------------------------------- virtual time

def _virtual_clock(name):
    real = _REAL_CLOCKS[name]

    def clock():
        ts = _current.ts
        if ts is None:
            return real()
        ts.run.touch_unknown()  # the clock orders this step against every other
        return ts.run.clock_origin[name] + ts.run.now

    clock.__name__ = name
    return clock


_VIRTUAL_CLOCKS = {name: _virtual_clock(name) for name in _REAL_CLOCKS}


def _virtual_sleep(seconds):
    """time.sleep while patched: in a controlled thread it waits on the run's
    virtual clock (no wall time passes); elsewhere it is the real sleep."""
    ts = _current.ts
    if ts is None:
        return ORIGINAL_SLEEP(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if seconds > 0:
        ts.run.sleep(ts, seconds)
    return None


class Sleep:
    """What a sleeping thread waits for: only its deadline wakes it."""

    def __init__(self, seconds):
        self.seconds = seconds

    def locked(self):
        return True

    taken = locked

    def public(self):
        return self

    def describe(self):
        return f"sleeps {self.seconds:g} s"


# ---------------------------------------------------------------- threads

class ThreadEnd(Lock):
    """Held from a controlled thread's start to its end: join() and is_alive()
    of the threading.Thread wait on it (it stands in for the real thread's
    `_tstate_lock`, or for its `_handle` on 3.13+)."""

    reported = False

    def __init__(self, run, label):
        self._real = _real_allocate_lock()
        self._real.acquire()
        self._holder = None
        self._outer, self._site, self._run, self._semantics = None, None, run, None
        self._public, self._tracked = self, False
        self.label = label
        self._key = ("end of", label)

    def describe(self):
        return f"{self.label} to finish"

    short_name = describe

    def finish(self):
        if self._real.locked():
            self._real.release()


class _FinishedHandle:
    """Stands in for the `_ThreadHandle` of a thread the scheduler runs (3.13+)."""

    def __init__(self, end, ident):
        self._end, self.ident = end, ident

    def is_done(self):
        return not self._end.locked()

    def join(self, timeout=None):
        if self._end.acquire(True, -1 if timeout is None else timeout):
            self._end.release()

    def _set_done(self):
        self._end.finish()


def adopt_thread(thread, end, ident):
    """Make `thread` (a threading.Thread never started for real) look started and
    alive until `end` is released, to join(), is_alive() and current_thread()."""
    started = thread._started
    if isinstance(started, Event):
        started._flag = True     # quietly: no thread waits for it
    else:
        started.set()
    thread._ident = ident
    if hasattr(thread, "_handle"):
        thread._handle = _FinishedHandle(end, ident)
    else:
        thread._tstate_lock, thread._is_stopped = end, False


# ---------------------------------------------------------------- SimpleQueue

class SimpleQueue(_Primitive):
    """queue.SimpleQueue (C code that blocks in C) rebuilt on a cooperative
    Condition, so a ThreadPoolExecutor's workers wait for work cooperatively."""

    kind = "SimpleQueue"

    def __init__(self):
        self._init_primitive(None)
        self._semantics = "queue" if type(self) is SimpleQueue else None
        self._cond = Condition(Lock(_outer=self), _outer=self)
        self._items = collections.deque()

    def put(self, item, block=True, timeout=None):
        _operation("queue", PUTS, self._put_item, item)

    def _put_item(self, item):
        with self._cond:
            self._items.append(item)
            self._cond.notify()

    put_nowait = put

    def get(self, block=True, timeout=None):
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        return _operation("queue", GETS if block and timeout is None else ANY,
                          self._take_item, block, timeout)

    def _take_item(self, block, timeout):
        with self._cond:
            if block and not self._items:
                self._cond.wait_for(lambda: self._items, timeout)
            if not self._items:
                raise queue.Empty
            item = self._items.popleft()
        ts = _current.ts
        if ts is not None and ts.work_queue is self and active_run is ts.run:
            ts.run.work_taken(ts, item)  # a pool worker: judge the function it runs next
        return item

    def get_nowait(self):
        role = GETS if _a_worker_looking_for_work(self, sys._getframe(1)) else ANY
        return _operation("queue", role, self._take_item, False, None)

    def empty(self):
        _touch_in_run(self)
        return not self._items

    def qsize(self):
        _touch_in_run(self)
        return len(self._items)

    def snapshot(self):
        return list(self._items)

    def restore(self, state):
        self._items = collections.deque(state)


# (module, attribute, value while patched): threading's and queue's own
# `from time import monotonic` copies are patched too, so Queue.get(timeout=...)
# and Condition.wait_for see the virtual clock.
_PATCHES = ([(threading, name, value) for name, value in _REPLACEMENTS.items()]
            + [(threading.Thread, "start", _patched_start), (time, "sleep", _virtual_sleep),
               (queue, "SimpleQueue", SimpleQueue),
               (queue.Queue, "put", _queue_put), (queue.Queue, "get", _queue_get),
               (concurrent.futures.Future, "result", _future_result),
               (concurrent.futures.Future, "exception", _future_exception), *_SETTERS,
               (threading, "_time", _VIRTUAL_CLOCKS["monotonic"]),
               (queue, "time", _VIRTUAL_CLOCKS["monotonic"])]
            + [(time, name, clock) for name, clock in _VIRTUAL_CLOCKS.items()])
_UNPATCHED = [(owner, name, getattr(owner, name)) for owner, name, _ in _PATCHES]


@contextmanager
def cooperative_threading():
    """Replace threading.Lock, RLock, Condition, Semaphore, BoundedSemaphore,
    Event and queue.SimpleQueue by the cooperative versions while the block runs
    (nestable), make threading.Thread.start start controlled threads inside a
    run, and give controlled threads virtual time (time.sleep, monotonic, time,
    perf_counter).

    Import the learner module inside it so module-level locks and
    `from threading import Lock` get the cooperative classes."""
    global _patch_depth
    with _patch_guard:
        if _patch_depth == 0:
            for owner, name, value in _PATCHES:
                setattr(owner, name, value)
        _patch_depth += 1
    try:
        yield
    finally:
        with _patch_guard:
            _patch_depth -= 1
            if _patch_depth == 0:
                for owner, name, value in _UNPATCHED:
                    setattr(owner, name, value)


def _runs_outside_the_scheduler(thread):
    """A thread started for real (not one a run started and controls)."""
    ours = isinstance(getattr(thread, "_tstate_lock", None), ThreadEnd) or \
        isinstance(getattr(thread, "_handle", None), _FinishedHandle)
    return thread._started.is_set() and not ours


def find_real_primitives(namespace, where):
    """Real (non-cooperative) threading primitives, threads and pools in a dict:
    they block in C or run code outside the schedule, so the run cannot be
    controlled."""
    from concurrent.futures import Executor

    found = []
    for name, value in list(namespace.items()):
        if isinstance(value, _REAL_PRIMITIVE_TYPES) or (
                isinstance(value, threading.Thread) and _runs_outside_the_scheduler(value)):
            found.append(f"{where}.{name}")
        elif isinstance(value, Executor) and not isinstance(getattr(value, "_work_queue", None), SimpleQueue):
            found.append(f"{where}.{name}")
    return found


_FUTURE_INIT = concurrent.futures.Future.__init__.__code__
_QUEUE_INIT = queue.Queue.__init__.__code__
_POOL_INIT = concurrent.futures.ThreadPoolExecutor.__init__.__code__
# Pool internals judged by meaning (_IdleWorkers); None where a CPython lacks them.
_POOL_WORKER = getattr(getattr(concurrent.futures.thread, "_worker", None), "__code__", None)
_REAL_ADJUST_THREAD_COUNT = getattr(concurrent.futures.ThreadPoolExecutor, "_adjust_thread_count", None)
