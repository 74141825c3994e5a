"""Wrong: a purchase is declined merely because another one holds the lock (acquire(blocking=False))."""

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
            return False  # busy: "try again later"
        try:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
        finally:
            self._lock.release()
