"""Correct: a one-slot mailbox with a Condition (wait/notify)."""
import threading


class Mailbox:
    def __init__(self):
        self.item = None
        self._cond = threading.Condition()

    def put(self, item):
        with self._cond:
            while self.item is not None:
                self._cond.wait()
            self.item = item
            self._cond.notify_all()

    def take(self):
        with self._cond:
            while self.item is None:
                self._cond.wait()
            item, self.item = self.item, None
            self._cond.notify_all()
            return item
