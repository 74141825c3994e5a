"""Wrong: the update is locked, but the value returned is read after the lock is
released, so it can include another thread's increment. The final count is always
right; only the return values give it away."""
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
