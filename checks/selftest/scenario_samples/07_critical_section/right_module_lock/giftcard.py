"""Right: one coarse module-level lock shared by every card."""

import threading


_CARDS_LOCK = threading.Lock()


class GiftCard:
    def __init__(self, balance):
        self._balance = balance

    def balance(self):
        with _CARDS_LOCK:
            return self._balance

    def top_up(self, amount):
        with _CARDS_LOCK:
            self._balance += amount

    def charge(self, amount):
        with _CARDS_LOCK:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
