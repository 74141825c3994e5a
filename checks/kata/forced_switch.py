"""Force the thread switch that makes a lost update happen, instead of hoping for it.

On CPython 3.10+ the interpreter practically never switches threads between the read
and the write of `x -= 1`, so racy code passes a stress loop. The check hands the
learner's code numbers of type `SwitchingInt`: the first time a thread does arithmetic
on one (the gap between a read and its write-back) it waits at a `Meeting` until

  * a second thread arrives at the same gap: both have read the same old value, so
    unprotected code now loses an update, every time; or
  * another thread blocks on a lock the learner's code created: the learner protects
    the read-modify-write, so the first thread may go on; or
  * FALLBACK_SECONDS pass (only for protections the meeting cannot see, such as a
    Semaphore; it slows a correct solution down and never lets racy code pass).

Locks created by the learner's file while `tracked_locks()` is active report when a
thread has to wait for them, and a thread asking for a plain Lock it already holds
fails at once with a deadlock message instead of hanging.
"""

import _thread
import linecache
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from kata.teach import LessonFailure, explain

FALLBACK_SECONDS = 5.0
_PLAIN_LOCK = type(_thread.allocate_lock())


class Meeting:
    def __init__(self):
        self._cond = threading.Condition(_thread.allocate_lock())
        self._arrived = []  # threads that reached the read-modify-write gap
        self._blocked = set()  # threads waiting for a lock the learner created
        self.closed = False
        self.race_seen = False  # two threads were inside the gap at once

    def wrap(self, value: int) -> "SwitchingInt":
        return SwitchingInt(value, self)

    def arrive(self):
        me = threading.get_ident()
        with self._cond:
            if self.closed or me in self._arrived:
                return
            self._arrived.append(me)
            self._cond.notify_all()
            deadline = time.monotonic() + FALLBACK_SECONDS
            while not self.closed and not self._partner_seen(me):
                if not self._cond.wait(deadline - time.monotonic()):
                    break
            if len(self._arrived) >= 2:
                self.race_seen = True
            self.closed = True
            self._cond.notify_all()

    def _partner_seen(self, me):
        return any(ident != me for ident in self._arrived) or bool(self._blocked - {me})

    def blocking(self, waiting: bool):
        me = threading.get_ident()
        with self._cond:
            (self._blocked.add if waiting else self._blocked.discard)(me)
            self._cond.notify_all()

    @property
    def observed(self) -> bool:
        """At least one read-modify-write went through the meeting."""
        return bool(self._arrived)


def require_observed(meeting, *, what, holder):
    """Fail when no read-modify-write went through the meeting: the check then saw
    nothing, and must not pass what it did not see."""
    if not meeting.observed:
        explain(
            f"The check could not watch {what}: it gives {holder} numbers of its own type "
            "and none of them went through `+` or `-`. Keep the values you are given, "
            "without converting them with int(), and update them with `+=` / `-=`."
        )


class SwitchingInt(int):
    """An int whose + and - stop at the meeting once, then behave normally."""

    def __new__(cls, value, meeting):
        number = super().__new__(cls, value)
        number.meeting = meeting
        return number

    def _then(self, result):
        self.meeting.arrive()
        return SwitchingInt(result, self.meeting)

    def __add__(self, other):
        return self._then(int(self) + other)

    def __radd__(self, other):
        return self._then(other + int(self))

    def __sub__(self, other):
        return self._then(int(self) - other)

    def __rsub__(self, other):
        return self._then(other - int(self))


class TrackedLock:
    """A real lock that tells the meeting when a thread has to wait for it, and that
    refuses (with a teaching message) to let a thread wait for a plain Lock it holds
    itself: that wait could never end."""

    def __init__(self, real, meeting, learner_dir):
        self._real = real
        self._meeting = meeting
        self._learner_dir = learner_dir
        self._reentrant = not isinstance(real, _PLAIN_LOCK)
        self._owner = None
        for name in ("_is_owned", "_release_save", "_acquire_restore"):  # for Condition(RLock)
            if hasattr(real, name):
                setattr(self, name, getattr(real, name))

    def acquire(self, blocking=True, timeout=-1):
        if self._real.acquire(False):
            self._owner = threading.get_ident()
            return True
        if not blocking:
            return False
        if not self._reentrant and self._owner == threading.get_ident():
            raise LessonFailure(self._self_deadlock())
        self._meeting.blocking(True)
        try:
            acquired = self._real.acquire(True, timeout)
        finally:
            self._meeting.blocking(False)
        if acquired:
            self._owner = threading.get_ident()
        return acquired

    def release(self):
        self._owner = None
        self._real.release()

    def _self_deadlock(self):
        calls, place = [], None
        frame = sys._getframe(2)
        while frame is not None:
            if Path(frame.f_code.co_filename).resolve().parent == self._learner_dir:
                calls.append(frame.f_code.co_name)
                if place is None:
                    place = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}  " + \
                        linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
            frame = frame.f_back
        return ("Deadlock: a thread asked for a threading.Lock it already holds, at\n"
                f"    {place}   ({' -> '.join(reversed(calls))})\n"
                "A Lock does not know who holds it, so that thread would wait for itself "
                "forever (the check stopped it instead of hanging).")

    def locked(self):
        return self._real.locked() if hasattr(self._real, "locked") else False

    __enter__ = acquire

    def __exit__(self, *exc_info):
        self.release()


@contextmanager
def tracked_locks(meeting: Meeting, learner_dir: Path):
    """While active, threading.Lock() and threading.RLock() called from the learner's
    files return TrackedLocks; calls from anywhere else get plain locks."""
    learner_dir = Path(learner_dir).resolve()
    real_lock, real_rlock = threading.Lock, threading.RLock

    def factory(real_factory):
        def make():
            caller = sys._getframe(1).f_code.co_filename
            if Path(caller).resolve().parent == learner_dir:
                return TrackedLock(real_factory(), meeting, learner_dir)
            return real_factory()
        return make

    threading.Lock, threading.RLock = factory(real_lock), factory(real_rlock)
    try:
        yield
    finally:
        threading.Lock, threading.RLock = real_lock, real_rlock


def run_together(*bodies, timeout=30.0):
    """Run each body in its own thread, released at the same moment; re-raise the
    first exception a body raised. Returns when every thread finished."""
    start = threading.Barrier(len(bodies))
    errors = []

    def runner(body):
        start.wait()
        try:
            body()
        except BaseException as exc:  # noqa: B902 - reported to the check
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(body,), daemon=True) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("threads did not finish")
    if errors:
        raise errors[0]
