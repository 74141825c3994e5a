"""Correct: a BoundedSemaphore(1) used as the mutex, held by charge for the whole check-then-deduct; _deduct is an unlocked helper called only while it is held."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._mutex = threading.BoundedSemaphore(1)

    def balance(self):
        """The amount left on the card."""
        with self._mutex:
            return self._balance

    def _deduct(self, amount):
        self._balance -= amount

    def top_up(self, amount):
        """Add `amount` to the card."""
        with self._mutex:
            self._balance += amount

    def charge(self, amount):
        """Pay `amount` with the card.

        Returns True when the payment is approved (the amount is taken off the card),
        False when the balance is too low (nothing changes). The balance never goes
        below zero.
        """
        with self._mutex:
            if self._balance < amount:
                return False
            self._deduct(amount)
            return True
