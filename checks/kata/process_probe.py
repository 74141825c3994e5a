"""Prove that work ran in two or more worker processes at the same time: with a
barrier, not a clock.

The check passes the learner's function arguments of type `ProbeInt`. A process pool
sends each argument to a worker by pickling it; unpickling a ProbeInt in the worker
first meets one other worker at a barrier (held by a multiprocessing Manager, so it
works with any start method) and records the worker's process id. A thread pool never
pickles its arguments, so nothing arrives at all.
"""

import os
import threading

MEET_TIMEOUT = 20.0  # only reached when a second worker process never comes


class Probe:
    """Picklable: everything it holds is a Manager proxy."""

    def __init__(self, manager):
        self._barrier = manager.Barrier(2)
        self._lock = manager.Lock()
        self._arrivals = manager.list()  # process ids, in order of arrival
        self.meetings = manager.list()  # (process id, met another worker?)

    def arrive(self):
        with self._lock:
            self._arrivals.append(os.getpid())
            first_two = len(self._arrivals) <= 2
        if not first_two:
            return
        try:
            self._barrier.wait(MEET_TIMEOUT)
            met = True
        except threading.BrokenBarrierError:
            met = False
        self.meetings.append((os.getpid(), met))

    def arrivals(self):
        return list(self._arrivals)


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
