"""Correct: charge holds the card's one Lock from the balance check to the deduction, reading the field directly."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        """The amount left on the card."""
        with self._lock:
            return self._balance

    def top_up(self, amount):
        """Add `amount` to the card."""
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        """Pay `amount`; True if approved (and deducted), False if the balance is too low."""
        with self._lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
