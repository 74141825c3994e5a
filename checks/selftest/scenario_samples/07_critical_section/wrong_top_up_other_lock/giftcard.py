"""Wrong: top_up() holds a lock of its own, not the one charge() holds, so they still interleave."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()
        self._top_up_lock = threading.Lock()

    def balance(self):
        with self._lock:
            return self._balance

    def top_up(self, amount):
        with self._top_up_lock:
            self._balance += amount

    def charge(self, amount):
        with self._lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
