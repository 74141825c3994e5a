"""Wrong: the check stays outside the lock and the deduction clamps at zero, so the card never shows a negative but two purchases of 80 on 100 are both approved."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        with self._lock:
            return self._balance

    def _deduct(self, amount):
        with self._lock:
            self._balance = max(0, self._balance - amount)  # never below zero

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        if self.balance() < amount:
            return False
        self._deduct(amount)
        return True
