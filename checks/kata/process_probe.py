"""Prove that work ran in several worker processes at the same time: with a barrier,
not a clock.

The check passes the learner's function arguments of type `ProbeInt`. A process pool
sends each argument to a worker by pickling it; unpickling a ProbeInt in the worker
first meets the other workers at a barrier of `parties` (held by a multiprocessing
Manager, so it works with any start method) and records the worker's process id. A
thread pool never pickles its arguments, so nothing arrives at all.

How long the first workers wait for the rest is measured on the learner's own run,
not fixed: a pool that can run the tasks at once starts its workers together, so the
last one arrives about as soon after the call began as the first did. A worker waits
`PATIENCE` times that first latency (at least `MIN_WAIT`, at most `MAX_WAIT`) before it
concludes that no other worker is coming. Correct code meets long before; only a pool
that runs fewer tasks at once pays the wait, and a slow or loaded machine stretches
the wait with the latency it measures.

`Holdback` and `HeldInt` make a pool's first task finish after a later one, with no
clock either: the first argument, unpickled in its worker, is held until another
worker process unpickles its *second* task. A pool worker takes its next task only
after it has sent back the result of the one before (concurrent.futures and
multiprocessing.Pool both do), so by then another task has finished (a later one, when
the held task is the first one handed out). A pool where no
worker ever takes two tasks (as many workers as tasks, one worker, or tasks run one by
one) releases the held task after the same patience as above.
"""

import os
import threading
import time

PATIENCE = 10
MIN_WAIT, MAX_WAIT = 1.0, 20.0  # seconds


class Probe:
    """Picklable: everything it holds is a Manager proxy or a number. `parties`: how
    many worker processes must run at the same time."""

    def __init__(self, manager, parties=2):
        self.parties = parties
        self._barrier = manager.Barrier(parties)
        self._lock = manager.Lock()
        self._arrivals = manager.list()  # process ids, in order of arrival
        self.meetings = manager.list()  # (process id, met the others?, seconds it waited)
        self.started_at = time.time()  # wall clock: comparable across processes

    def start(self):
        """Call just before the learner's function: latencies count from here."""
        self.started_at = time.time()

    def arrive(self):
        with self._lock:
            self._arrivals.append(os.getpid())
            first_ones = len(self._arrivals) <= self.parties
        if not first_ones:
            return
        patience = patience_since(self.started_at)
        began = time.time()
        try:
            self._barrier.wait(patience)
            met = True
        except threading.BrokenBarrierError:
            met = False
        self.meetings.append((os.getpid(), met, time.time() - began))

    def arrivals(self):
        return list(self._arrivals)

    def longest_wait(self):
        return max((waited for _, _, waited in self.meetings), default=0.0)


def patience_since(started_at):
    """How long to wait for other workers: PATIENCE times the latency since
    `started_at` (a time.time()), within MIN_WAIT and MAX_WAIT."""
    latency = max(0.0, time.time() - started_at)
    return min(MAX_WAIT, max(MIN_WAIT, PATIENCE * latency))


class ProbeInt(int):
    def __new__(cls, value, probe):
        number = super().__new__(cls, value)
        number.probe = probe
        return number

    def __reduce__(self):
        return (_arrive_then_unwrap, (int(self), self.probe))


def _arrive_then_unwrap(value, probe):
    """Runs where the argument is unpickled, i.e. inside the worker process."""
    probe.arrive()
    return value


class Holdback:
    """Holds the task whose argument is `HeldInt(..., hold=True)` until some worker
    process has taken a second task (so one other task has finished). Picklable:
    everything it holds is a Manager proxy or a number."""

    def __init__(self, manager):
        self._lock = manager.Lock()
        self._overtaken = manager.Event()
        self._taken = manager.dict()  # process id -> tasks it took, the held one aside
        self.held = manager.list()  # (process id, overtaken?, seconds it waited)
        self.started_at = time.time()  # wall clock: comparable across processes

    def start(self):
        """Call just before the learner's function: the patience counts from here."""
        self.started_at = time.time()

    def arrive(self, hold):
        pid = os.getpid()
        if not hold:
            with self._lock:
                taken = self._taken.get(pid, 0)
                self._taken[pid] = taken + 1
            if taken:
                self._overtaken.set()
            return
        patience = patience_since(self.started_at)
        began = time.time()
        overtaken = self._overtaken.wait(patience)
        self.held.append((pid, bool(overtaken), time.time() - began))

    def overtaken(self):
        """Did a later task finish while the held one waited?"""
        return any(overtaken for _, overtaken, _ in self.held)


class HeldInt(int):
    """An int argument that, unpickled in a worker, reports to `holdback` (and waits
    there if `hold`). Unpickled, it is a plain int."""

    def __new__(cls, value, holdback, hold=False):
        number = super().__new__(cls, value)
        number.holdback, number.hold = holdback, hold
        return number

    def __reduce__(self):
        return (_hold_then_unwrap, (int(self), self.holdback, self.hold))


def _hold_then_unwrap(value, holdback, hold):
    """Runs where the argument is unpickled, i.e. inside the worker process."""
    holdback.arrive(hold)
    return value
