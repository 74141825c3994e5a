"""Correct: the check and the withdrawal happen under one lock."""
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self._lock = threading.Lock()

    def withdraw(self, amount):
        with self._lock:
            if self.balance < amount:
                return False
            self.balance -= amount
            return True
