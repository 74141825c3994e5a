"""Wrong: charge wraps check and deduction in a Lock created inside the call, which no other thread ever sees."""

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
        charge_lock = threading.Lock()  # protects this whole purchase
        with charge_lock:
            if self._balance < amount:
                return False
            self._balance -= amount
            return True
