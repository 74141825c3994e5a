"""Correct: a threading.Condition guards the balance; charge checks and deducts inside one `with`, top_up notifies."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._changed = threading.Condition(threading.Lock())

    def balance(self):
        with self._changed:
            return self._balance

    def top_up(self, amount):
        with self._changed:
            self._balance += amount
            self._changed.notify_all()

    def charge(self, amount):
        with self._changed:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
