"""Prove that work ran in two or more worker processes at the same time: with a
barrier, not a clock.

The check passes the learner's function arguments of type `ProbeInt`. A process pool
sends each argument to a worker by pickling it; unpickling a ProbeInt in the worker
first meets one other worker at a barrier (held by a multiprocessing Manager, so it
works with any start method) and records the worker's process id. A thread pool never
pickles its arguments, so nothing arrives at all.

How long the first worker waits for a second one is measured on the learner's own run,
not fixed: a pool that can run two tasks at once starts its second worker together
with its first, so the second arrives about as soon after the call began as the first
did. The first waits `PATIENCE` times that first latency (at least `MIN_WAIT`, at most
`MAX_WAIT`) before it concludes that no second worker is coming. Correct code meets
long before; only a pool that never runs two tasks at once pays the wait, and a slow
or loaded machine stretches the wait with the latency it measures.
"""

import os
import threading
import time

PATIENCE = 10
MIN_WAIT, MAX_WAIT = 1.0, 20.0  # seconds


class Probe:
    """Picklable: everything it holds is a Manager proxy or a number."""

    def __init__(self, manager):
        self._barrier = manager.Barrier(2)
        self._lock = manager.Lock()
        self._arrivals = manager.list()  # process ids, in order of arrival
        self.meetings = manager.list()  # (process id, met another worker?, seconds it waited)
        self.started_at = time.time()  # wall clock: comparable across processes

    def start(self):
        """Call just before the learner's function: latencies count from here."""
        self.started_at = time.time()

    def arrive(self):
        with self._lock:
            self._arrivals.append(os.getpid())
            first_two = len(self._arrivals) <= 2
        if not first_two:
            return
        latency = max(0.0, time.time() - self.started_at)
        patience = min(MAX_WAIT, max(MIN_WAIT, PATIENCE * latency))
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
