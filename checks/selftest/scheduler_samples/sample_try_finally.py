"""Correct: acquire/release in try/finally."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def add(self):
        self._lock.acquire()
        try:
            self.value += 1
        finally:
            self._lock.release()
