"""Right: an RLock, so charge() may call the locked balance() while holding it."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.RLock()

    def balance(self):
        with self._lock:
            return self._balance

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        with self._lock:
            if self.balance() < amount:
                return False
            self._balance -= amount
            return True
