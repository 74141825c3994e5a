"""Correct: one module-level lock, imported with `from threading import Lock`."""
from threading import Lock

_LOCK = Lock()


class Counter:
    def __init__(self):
        self.value = 0

    def add(self):
        with _LOCK:
            self.value += 1
