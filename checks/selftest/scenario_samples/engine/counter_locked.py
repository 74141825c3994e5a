"""Right: the same counter, written differently (an RLock, a local for the result)."""
import threading


class Counter:
    def __init__(self, start):
        self._value = start
        self._guard = threading.RLock()

    def increment(self):
        self._guard.acquire()
        try:
            new = self._value + 1
            self._value = new
        finally:
            self._guard.release()
        return new

    def value(self):
        return self._value
