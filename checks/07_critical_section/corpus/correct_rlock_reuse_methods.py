"""Correct: the lock is an RLock, so charge holds it across its calls to balance() and _deduct(), which take it again."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.RLock()

    def balance(self):
        with self._lock:
            return self._balance

    def _deduct(self, amount):
        with self._lock:
            self._balance -= amount

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        with self._lock:  # held from the check to the deduction
            if self.balance() < amount:
                return False
            self._deduct(amount)
            return True
