"""Correct: an RLock taken again by a helper method (re-entry)."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.RLock()

    def add(self):
        with self._lock:
            self._increment()

    def _increment(self):
        with self._lock:
            self.value += 1
