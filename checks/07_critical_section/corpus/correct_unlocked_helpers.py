"""Correct: public methods take the Lock once and call private helpers that expect it to be held."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    # helpers: the caller must hold self._lock
    def _current(self):
        return self._balance

    def _deduct(self, amount):
        self._balance -= amount

    def balance(self):
        with self._lock:
            return self._current()

    def top_up(self, amount):
        with self._lock:
            self._balance = self._current() + amount

    def charge(self, amount):
        with self._lock:
            if self._current() < amount:
                return False
            self._deduct(amount)
        return True
