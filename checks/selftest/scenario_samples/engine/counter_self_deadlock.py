"""Wrong: increment() holds a plain Lock and calls value(), which takes it again."""
import threading


class Counter:
    def __init__(self, start):
        self._value = start
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            self._value = self.value() + 1
            return self._value

    def value(self):
        with self._lock:
            return self._value
