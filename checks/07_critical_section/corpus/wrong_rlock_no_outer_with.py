"""Wrong: the Lock became an RLock but charge still calls balance() and _deduct() as two separately locked steps, so the gap stays."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._lock = threading.RLock()  # re-entrant: safe to call locked methods from locked methods

    def balance(self):
        with self._lock:
            return self._balance

    def _deduct(self, amount):
        with self._lock:
            self._balance -= amount

    def top_up(self, amount):
        with self._lock:
            self._balance += amount

    def charge(self, amount):
        if self.balance() < amount:
            return False
        self._deduct(amount)
        return True
