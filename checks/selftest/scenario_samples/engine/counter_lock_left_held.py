"""Wrong: increment() acquires the lock and never releases it; the next caller waits forever."""
import threading


class Counter:
    def __init__(self, start):
        self._value = start
        self._lock = threading.Lock()

    def increment(self):
        self._lock.acquire()
        self._value += 1
        return self._value

    def value(self):
        with self._lock:
            return self._value
