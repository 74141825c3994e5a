"""Wrong: charge uses acquire(blocking=False) and declines the purchase whenever another request holds the lock, even when the money is there."""

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
        if not self._lock.acquire(blocking=False):
            return False  # card busy with another purchase: decline rather than double-spend
        try:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
        finally:
            self._lock.release()
