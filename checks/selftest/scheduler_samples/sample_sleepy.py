"""Blocking in C (a real lock) for longer than the scheduler waits, and sleeping
inside critical sections to "widen the race window"."""
import _thread
import time
from time import sleep


class Napper:
    def __init__(self):
        self.naps = 0

    def nap(self, seconds):
        blocker = _thread.allocate_lock()  # a real lock: the thread blocks in C
        blocker.acquire()
        blocker.acquire(timeout=seconds)
        self.naps += 1


class SlowCounter:
    def __init__(self, lock):
        self.value = 0
        self._lock = lock

    def add_racy(self):
        current = self.value
        time.sleep(0.05)
        self.value = current + 1

    def add_locked(self):
        with self._lock:
            current = self.value
            sleep(0.05)
            self.value = current + 1
