"""Wrong: top_up and charge each have their own lock, so a top-up can interleave with a purchase and money vanishes."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._charge_lock = threading.Lock()
        self._top_up_lock = threading.Lock()

    def balance(self):
        with self._charge_lock:
            return self._balance

    def top_up(self, amount):
        with self._top_up_lock:
            new_balance = self._balance + amount
            self._balance = new_balance

    def charge(self, amount):
        with self._charge_lock:
            if self._balance < amount:
                return False
            self._balance = self._balance - amount
            return True
