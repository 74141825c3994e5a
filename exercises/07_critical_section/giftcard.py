"""Gift cards of an online shop's payment service.

Checkout requests are served by a pool of threads, so two purchases with the same card
can be processed at the same moment, for example when a customer double-clicks "Pay"
or shares the card with a friend.
"""

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
        # TODO: every step here is locked, yet two purchases at the same moment can
        # both be approved and the card ends up below zero.
        if self.balance() < amount:
            return False
        self._deduct(amount)
        return True
