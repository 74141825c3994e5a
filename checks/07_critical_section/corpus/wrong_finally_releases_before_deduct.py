"""Wrong: acquire/try/finally around the balance check only, so the lock is released before the deduction and two purchases can both be approved."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        """The amount left on the card."""
        with self._lock:
            return self._balance

    def _deduct(self, amount):
        with self._lock:
            self._balance -= amount

    def top_up(self, amount):
        """Add `amount` to the card."""
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        """Pay `amount` with the card.

        Returns True when the payment is approved (the amount is taken off the card),
        False when the balance is too low (nothing changes). The balance never goes
        below zero.
        """
        self._lock.acquire()
        try:
            if self._balance < amount:
                return False
        finally:
            self._lock.release()  # make sure we never keep it on the early return
        self._deduct(amount)
        return True
