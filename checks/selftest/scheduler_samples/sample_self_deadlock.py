"""Deadlock: a plain Lock taken again by the same thread."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def add(self):
        with self._lock:
            self._increment()

    def _increment(self):
        with self._lock:
            self.value += 1
