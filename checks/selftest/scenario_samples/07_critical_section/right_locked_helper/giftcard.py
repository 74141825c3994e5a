"""Right: a plain Lock taken once by charge(), with a private helper that expects it held."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        with self._lock:
            return self._balance

    def _try_deduct(self, amount):
        if self._balance < amount:
            return False
        self._balance -= amount
        return True

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        with self._lock:
            return self._try_deduct(amount)
