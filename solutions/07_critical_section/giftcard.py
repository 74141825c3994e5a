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
        # The check and the deduction are one critical section: while one thread is
        # between them, no other thread may look at or change the balance. Locking
        # each step on its own leaves a gap in which another purchase sees the old
        # balance. (Calling self.balance() here would take the non-reentrant lock a
        # second time and deadlock, so the balance is read directly.)
        with self._lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
