"""Wrong: charge assigns a fresh Lock to self._lock before taking it, so concurrent purchases (and top-ups) hold different locks."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        with self._lock:
            return self._balance

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        self._lock = threading.Lock()  # a clean lock for this purchase
        with self._lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
