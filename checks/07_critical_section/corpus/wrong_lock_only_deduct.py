"""Wrong: charge checks the balance with no lock and locks only the deduction, so two purchases both pass the check and the card goes below zero."""

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
        if self._balance < amount:
            return False
        with self._lock:  # the write is the dangerous part
            self._balance -= amount
        return True
