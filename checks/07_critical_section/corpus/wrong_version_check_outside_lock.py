"""Wrong: optimistic versioning, but the version is compared before taking the lock, so two charges can both pass the check and both write seen - amount (one deduction lost)."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._version = 0
        self._lock = threading.Lock()

    def _snapshot(self):
        with self._lock:
            return self._balance, self._version

    def balance(self):
        """The amount left on the card."""
        return self._snapshot()[0]

    def top_up(self, amount):
        """Add `amount` to the card."""
        with self._lock:
            self._balance += amount
            self._version += 1

    def charge(self, amount):
        """Pay `amount` with the card.

        Returns True when the payment is approved (the amount is taken off the card),
        False when the balance is too low (nothing changes). The balance never goes
        below zero.
        """
        while True:
            seen, version = self._snapshot()
            if seen < amount:
                return False
            if self._version != version:
                continue  # card changed meanwhile, look again
            with self._lock:
                self._balance = seen - amount
                self._version += 1
            return True
