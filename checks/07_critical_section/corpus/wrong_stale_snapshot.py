"""Wrong: charge reads the balance under the lock, releases it, then writes back `snapshot - amount` under the lock: a concurrent purchase or top-up is overwritten."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        with self._lock:
            return self._balance

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        with self._lock:
            snapshot = self._balance
        if snapshot < amount:
            return False
        with self._lock:
            self._balance = snapshot - amount
        return True
