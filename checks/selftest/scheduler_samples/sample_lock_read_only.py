"""Wrong fix: the lock covers the read, not the write."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def add(self):
        with self._lock:
            current = self.value
        self.value = current + 1
