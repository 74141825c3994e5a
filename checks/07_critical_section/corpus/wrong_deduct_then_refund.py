"""Wrong: charge deducts first and refunds if the card went negative, so others see a negative balance and two purchases can both be refused though one fits."""

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
            self._balance -= amount

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        # take the money first, so two purchases cannot both see the old balance
        self._deduct(amount)
        if self.balance() < 0:
            self.top_up(amount)  # too much: give it back
            return False
        return True
