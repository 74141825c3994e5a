"""Know, without timing, that the code under test has come to rest: every thread it
started is blocked, and nothing that has already happened can wake any of them.

Some behaviour can only be judged once the learner's code has stopped on its own:
"it waits for a task to finish before it reads the next input line" or "after the hit
it cancels the queued searches, then waits only for the running ones". The checks
block the learner's tasks on events of their own; the question is when the learner's
*other* threads (the caller, the pool's workers) are stuck too. Sleeping "long enough"
would make a slow machine fail correct code, so `Quiescence` watches instead:

* A profile hook (installed in the checking thread and in every thread started
  later, through `kata.thread_hooks`) notes when a thread of the run enters a C call
  that can block: acquiring a lock (every Condition, Event, Semaphore,
  Future.result(), wait(), as_completed() and queue.Queue ends in one),
  SimpleQueue.get (idle pool workers), joining a thread, and optionally time.sleep.
  It also notes every release of a lock, every put and every return from a C call.
  A put counts as a release of the queue (3.13 hands the item straight to a waiting
  get, so the queue never looks non-empty) until as many gets of the run have
  returned as puts were made: one put wakes one of several idle workers, not all.
* `settled()` says True when every thread started since the `with` began is inside
  such a call, the thing it waits for has not been released since it began to wait
  (the lock is still held / the queue is still empty / the thread still runs), and no
  thread is inside Thread.start (whose wake-up happens before the new thread is
  hooked) or inside the hook itself (a thread can be switched out on entering the
  hook, after its C call has returned but before the hook notes that; and the garbage
  collector can run finalizers and weakref callbacks inside it, on 3.12+ at its first
  instruction, so the hook's frame may be below theirs), and no thread joins a thread
  that has already ended. A thread collecting garbage counts as running: the
  collector's callback says so, as it may run finalizers after a C call returned and
  before the hook has noted it, with tracing off. The snapshot is taken while the
  checking thread holds the GIL, so no other thread runs Python meanwhile; a change
  counter makes a preempted evaluation retry.

Blocking that the hook cannot see (a busy loop; the `with lock:` entry, which calls the
lock's C __enter__ without a C-call event) counts as running: that only ever makes the
check wait longer, never conclude too early. `visible_locks()` removes the second: while
it is active, threading.Lock and threading.RLock make locks whose `with` entry calls the
real lock's acquire, which the hook sees. Import the learner's module and call it inside
it, so that module-level locks and locks made per call are both covered. Known
limits, acceptable for checks: a timed wait (`wait(timeout=...)`) that times out
looks blocked until its thread runs again; free-threaded builds (no GIL) are not
supported.

Which threads were asleep at rest: `asleep_at_rest`, set by each settled() that says
True, names the threads of the run that were inside time.sleep in the very snapshot
judged at rest (asking sleepers() afterwards could miss a poller that has just woken
for its next look). A check that tells a poller from a blocking wait reads it there.

Waits that end by themselves: `sleepers()` names the threads of the run inside
time.sleep (tracked with sleeping_is_waiting) or inside a timed Condition wait
(Condition/Event/Semaphore/Queue waits, future.result(timeout), wait(timeout=...),
as_completed(timeout=...): every one of them is a Condition.wait with a timeout),
each with a number that tells this wait from the thread's next one. A timed wait
still counts as a lock wait for settled(): a release wakes it.
"""

import _thread
import contextlib
import gc
import itertools
import sys
import threading
import time
from _queue import SimpleQueue

from kata import thread_hooks

_PLAIN_LOCK = type(_thread.allocate_lock())
_RLOCK = type(_thread.RLock())
_THREAD_HANDLE = getattr(_thread, "_ThreadHandle", None)  # 3.13+: Thread.join waits on it
_ACQUIRE = frozenset({"acquire", "acquire_lock", "__enter__"})
_RELEASE = frozenset({"release", "release_lock", "__exit__", "_release_save"})
_PUT = frozenset({"put", "put_nowait"})
_GET = frozenset({"get", "get_nowait"})
_THREAD_START = threading.Thread.start.__code__
# 3.10-3.12: Thread.join waits on the joined thread's lock, which C code releases when
# that thread ends (no hook sees it); by then the thread has left sys._current_frames().
_JOIN_WAIT = getattr(threading.Thread, "_wait_for_tstate_lock", None)
_JOIN_WAIT = _JOIN_WAIT.__code__ if _JOIN_WAIT is not None else None
_SLEEP = time.sleep
_LOCK, _QUEUE, _JOIN, _SLEEPING = "lock", "queue", "join", "sleep"
_TIMED = "timed"  # a lock wait with a timeout: blocked like _LOCK, but it ends by itself
# Every timed wait of threading (Event, Semaphore, Barrier, queue.Queue) and of
# concurrent.futures (result, wait, as_completed) is a Condition.wait with a timeout.
_CONDITION_WAIT = threading.Condition.wait.__code__


class Quiescence:
    """`with Quiescence() as quiet:` start the code under test inside the block, then
    `quiet.wait_until_settled(guard_seconds)`.

    sleeping_is_waiting: count a thread inside time.sleep as blocked (a learner who
    polls `while busy: time.sleep(...)` has stopped doing work) or as running (it
    will wake by itself and act)."""

    def __init__(self, sleeping_is_waiting=False):
        self.sleeping_is_waiting = sleeping_is_waiting
        self._states = {}  # thread ident -> None (running) or (kind, object, seq)
        self._released = {}  # id(lock) -> seq of its last release
        # id(SimpleQueue) -> a list that grows by one per put / per get that returned
        # (lists, because list.append is atomic where `n += 1` in a hook is not)
        self._puts, self._gets = {}, {}
        self._seq = itertools.count(1)
        self._changes = [0]
        self._active = False
        self._checker = None
        self._before = ()
        self._saved = None
        self._new_threads = None
        # threads of the run inside time.sleep in the snapshot that settled() last
        # judged at rest (tracked with sleeping_is_waiting)
        self.asleep_at_rest = frozenset()
        # threads that wait_for_return(outlast_sleeps=N) saw polling at rest
        self.polled_at_rest = frozenset()

    # --- installing the hook -----------------------------------------------------

    def __enter__(self):
        self._checker = _thread.get_ident()
        self._before = set(threading.enumerate())
        self._saved = sys.getprofile()
        self._active = True
        self._new_threads = thread_hooks.profile_new_threads(self._hook)
        self._new_threads.__enter__()
        thread_hooks.set_profile(self._hook)
        gc.callbacks.append(self._collecting)
        return self

    def __exit__(self, *exc_info):
        self._active = False  # hooked threads remove the hook at their next C call
        with contextlib.suppress(ValueError):  # learner code may have cleared the list
            gc.callbacks.remove(self._collecting)
        thread_hooks.set_profile(self._saved)
        self._new_threads.__exit__(None, None, None)

    def _collecting(self, phase, info):
        """The garbage collector runs finalizers and weakref callbacks (a collected
        pool's, say) in the thread whose allocation (3.10/3.11) or function entry
        (3.12+) set it off, possibly between a C call's return and the hook, with
        tracing off: no hook sees that thread run meanwhile. It runs."""
        me = _thread.get_ident()
        if me != self._checker:
            self._changes[0] += 1
            self._states[me] = None

    def _hook(self, frame, event, arg):
        # Only C calls matter. Whatever a state says must be stored as the hook's
        # very last action: between the hook's return and the C call itself there is
        # no point where the thread can be switched out.
        if event[0] != "c":
            return
        if not self._active:
            thread_hooks.set_profile(None)
            return
        me = _thread.get_ident()
        mine = me != self._checker
        if event != "c_call":
            if mine:
                if (event == "c_return" and arg.__name__ in _GET
                        and type(getattr(arg, "__self__", None)) is SimpleQueue):
                    # an item taken (3.12+ pool workers try get_nowait() first)
                    self._gets.setdefault(id(arg.__self__), []).append(None)
                self._changes[0] += 1
                self._states[me] = None
            return
        owner = getattr(arg, "__self__", None)
        kind = type(owner)
        if kind is _PLAIN_LOCK or kind is _RLOCK:
            name = arg.__name__
            if name in _RELEASE:
                self._released[id(owner)] = next(self._seq)
            elif name in _ACQUIRE and mine:
                waits = _LOCK
                if frame.f_code is _CONDITION_WAIT and frame.f_locals.get("timeout") is not None:
                    waits = _TIMED
                self._changes[0] += 1
                self._states[me] = (waits, owner, next(self._seq))
                return
        elif kind is SimpleQueue:
            name = arg.__name__
            if name in _PUT:
                # 3.13+ hands a put item straight to a waiting get(): the queue stays
                # empty, so the put itself is what wakes the waiter.
                self._puts.setdefault(id(owner), []).append(None)
                self._released[id(owner)] = next(self._seq)
            elif mine and name == "get":
                self._changes[0] += 1
                self._states[me] = (_QUEUE, owner, next(self._seq))
                return
        elif mine and _THREAD_HANDLE is not None and kind is _THREAD_HANDLE and arg.__name__ == "join":
            self._changes[0] += 1
            self._states[me] = (_JOIN, owner, 0)
            return
        elif mine and arg is _SLEEP and self.sleeping_is_waiting:
            self._changes[0] += 1
            self._states[me] = (_SLEEPING, None, next(self._seq))
            return
        if mine:
            self._changes[0] += 1
            self._states[me] = None

    # --- asking -------------------------------------------------------------------

    def run_threads(self):
        """Threads started since the `with` began (the caller's thread excluded)."""
        return [thread for thread in threading.enumerate()
                if thread not in self._before and thread.ident != self._checker]

    def settled(self) -> bool:
        changes = self._changes[0]
        states = dict(self._states)
        released = dict(self._released)
        # per queue: items put and not yet taken by a get that returned
        handed_over = {key: len(puts) - len(self._gets.get(key, ()))
                       for key, puts in list(self._puts.items())}
        frames = sys._current_frames()
        run = self.run_threads()
        handles = {id(getattr(thread, "_handle", None)) for thread in threading.enumerate()}
        for thread in run:
            state = states.get(thread.ident)
            if state is None or not self._still_blocked(state, released, handed_over):
                return False
            if state[0] == _JOIN and id(state[1]) not in handles:
                return False  # 3.13: the joined thread is ending (already unlisted)
            frame = frames.get(thread.ident)
            if frame is not None and frame.f_code is _JOIN_WAIT:
                joined = frame.f_locals.get("self")
                if getattr(joined, "ident", None) not in frames:
                    return False  # the joined thread has ended: the join is over
            while frame is not None:
                if frame.f_code is _HOOK:
                    # Switched out inside the hook, at its top or below a finalizer the
                    # garbage collector runs there: its state may be stale.
                    return False
                if frame.f_code is _THREAD_START:
                    return False  # starting a thread: it wakes without a visible release
                frame = frame.f_back
        if self._changes[0] != changes:
            return False
        # From the very snapshot judged at rest: asked later, a poller may have woken.
        self.asleep_at_rest = frozenset(thread.ident for thread in run
                                        if states[thread.ident][0] == _SLEEPING)
        return True

    def anyone_sleeping(self) -> bool:
        """A thread of the run is inside time.sleep: it will wake by itself (only
        tracked with sleeping_is_waiting)."""
        return any(state is not None and state[0] == _SLEEPING
                   for state in list(self._states.values()))

    def sleepers(self) -> dict:
        """{thread ident: number of this wait} of the threads of the run inside a wait
        that ends by itself: time.sleep (tracked with sleeping_is_waiting) or a timed
        Condition wait. The number changes with every new wait of the thread."""
        states = dict(self._states)
        return {thread.ident: states[thread.ident][2] for thread in self.run_threads()
                if states.get(thread.ident) is not None
                and states[thread.ident][0] in (_SLEEPING, _TIMED)}

    @staticmethod
    def _still_blocked(state, released, handed_over):
        kind, owner, since = state
        if kind == _LOCK or kind == _TIMED:
            if released.get(id(owner), 0) > since:
                return False
            return owner.locked() if type(owner) is _PLAIN_LOCK else True
        if kind == _QUEUE:
            # Empty, and no put since this get began; or every put of the run has been
            # taken by a get that returned: a put wakes one getter, so the other idle
            # pool workers on the same queue stay blocked after it.
            no_put_since = released.get(id(owner), 0) < since
            return owner.empty() and (no_put_since or handed_over.get(id(owner), 0) <= 0)
        if kind == _JOIN:
            return not owner.is_done()
        return True  # sleeping, counted as waiting

    def wait_for_return(self, call, guard_seconds, *, outlast_sleeps=0) -> bool:
        """Wait until `call` (a CallInThread started inside the block) has returned:
        True. False as soon as the run has settled with the call still inside (it waits
        for something only the check can release), or after guard_seconds.

        outlast_sleeps=N: a rest where threads are in waits that end by themselves
        (time.sleep, a timed wait) is final only once each of them has begun N more
        such waits, seen at rest, while every other thread stayed in the very wait it
        was in: a poll loop with nothing left that could change what it polls.
        `polled_at_rest` then names those pollers (empty for a plain rest)."""
        # call.finished, not thread.is_alive(): on 3.13 an ending thread leaves
        # threading.enumerate() (and so the run) while is_alive() is still True.
        deadline = time.monotonic() + guard_seconds
        first_rest, waits_seen = None, {}
        self.polled_at_rest = frozenset()
        while not call.finished.is_set():
            if time.monotonic() > deadline:
                break
            if self.settled():
                rest = {thread.ident: self._states.get(thread.ident) for thread in self.run_threads()}
                pollers = {ident for ident, state in rest.items() if state and state[0] in (_SLEEPING, _TIMED)}
                if not outlast_sleeps or not pollers:
                    break
                if None in rest.values():  # a poller woke since settled() looked
                    time.sleep(0.0005)
                    continue
                still = {ident: state for ident, state in rest.items() if ident not in pollers}
                if still != first_rest:
                    first_rest, waits_seen = still, {}  # something else moved: count afresh
                for ident in pollers:
                    waits_seen.setdefault(ident, set()).add(rest[ident][2])
                if all(len(waits_seen[ident]) > outlast_sleeps for ident in pollers):
                    self.polled_at_rest = frozenset(pollers)
                    break
            time.sleep(0.0005)
        return call.finished.is_set()

    def wait_until_settled(self, guard_seconds) -> bool:
        """True as soon as the run has settled; False if it was still busy after
        guard_seconds (only wrong code gets there: a busy loop, endless work)."""
        deadline = time.monotonic() + guard_seconds
        while not self.settled():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.0005)
        return True


_HOOK = Quiescence._hook.__code__


class _VisibleLock:
    """A threading.Lock whose `with` entry and exit are calls of the real lock's acquire
    and release: C calls the profile hook sees (the real lock's own __enter__ is not)."""

    __slots__ = ("_lock",)
    _make = staticmethod(_thread.allocate_lock)

    def __init__(self):
        self._lock = self._make()

    def acquire(self, blocking=True, timeout=-1):
        return self._lock.acquire(blocking, timeout)

    def release(self):
        self._lock.release()

    def __enter__(self):
        return self._lock.acquire()

    def __exit__(self, *exc_info):
        self._lock.release()

    def __getattr__(self, name):  # locked(), _at_fork_reinit(), and RLock's _is_owned() etc.
        if name == "_lock":  # not set yet
            raise AttributeError(name)
        return getattr(self._lock, name)

    def __repr__(self):
        return repr(self._lock)


class _VisibleRLock(_VisibleLock):
    """threading.RLock, the same way (Condition finds _is_owned, _release_save and
    _acquire_restore on it through __getattr__)."""

    __slots__ = ()
    _make = staticmethod(_thread.RLock)


@contextlib.contextmanager
def visible_locks():
    """While active, threading.Lock() and threading.RLock() make locks whose `with`
    entry the rest detector sees (see the module docstring). It swaps module
    attributes: nest it, but never enter it from two threads at once."""
    saved = threading.Lock, threading.RLock
    threading.Lock, threading.RLock = _VisibleLock, _VisibleRLock
    try:
        yield
    finally:
        threading.Lock, threading.RLock = saved


class CallInThread:
    """Call fn(*args, **kwargs) in a daemon thread, so that a call that never returns
    cannot hang the check: `join(guard_seconds)` says whether it returned, `result()`
    gives its value or re-raises what it raised (with the learner's traceback).
    `after`, if given, runs in that thread right after the call, even if it raised."""

    def __init__(self, fn, *args, after=None, **kwargs):
        self._outcome = None
        self.finished = threading.Event()  # set once the call (and `after`) returned
        self.thread = threading.Thread(
            target=self._run, args=(fn, args, kwargs, after), name="learner-call", daemon=True
        )
        self.thread.start()

    def _run(self, fn, args, kwargs, after):
        try:
            self._outcome = (True, fn(*args, **kwargs))
        except BaseException as exc:  # noqa: B902 - handed to the check
            self._outcome = (False, exc)
        finally:
            try:
                if after is not None:
                    after()
            finally:
                self.finished.set()

    def join(self, guard_seconds) -> bool:
        return self.finished.wait(guard_seconds)

    @property
    def raised(self):
        """The exception the call raised, or None."""
        return None if self._outcome is None or self._outcome[0] else self._outcome[1]

    def result(self):
        returned, value = self._outcome
        if not returned:
            raise value
        return value
