"""Wrong: the balance is checked outside the lock and then deducted under it without a re-check."""

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
        if self._balance < amount:
            return False
        with self._lock:
            self._balance -= amount
        return True
