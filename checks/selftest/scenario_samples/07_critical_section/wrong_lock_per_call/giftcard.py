"""Wrong: charge() creates a new lock on every call, so no two calls ever share one."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance

    def balance(self):
        return self._balance

    def top_up(self, amount):
        with threading.Lock():
            self._balance += amount

    def charge(self, amount):
        with threading.Lock():
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
