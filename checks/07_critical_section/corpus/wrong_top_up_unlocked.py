"""Wrong: charge is fixed, but top_up no longer takes the lock ("+= is atomic"), so a top-up racing a purchase is lost."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        return self._balance  # a single read needs no lock

    def top_up(self, amount):
        self._balance += amount  # one statement: atomic, no lock needed

    def charge(self, amount):
        with self._lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
