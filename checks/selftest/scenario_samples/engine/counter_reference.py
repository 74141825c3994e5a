"""The specification of the engine's tiny test object: a counter whose increment()
returns the new value."""
import threading


class Counter:
    def __init__(self, start):
        self._value = start
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            self._value += 1
            return self._value

    def value(self):
        with self._lock:
            return self._value
