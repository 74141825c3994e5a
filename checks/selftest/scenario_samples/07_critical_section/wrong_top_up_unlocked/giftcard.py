"""Wrong: charge() is one critical section, but top_up() changes the balance without the lock (a lost top-up)."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.Lock()

    def balance(self):
        with self._lock:
            return self._balance

    def top_up(self, amount):
        self._balance += amount

    def charge(self, amount):
        with self._lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
