"""Race: the balance check and the withdrawal are locked separately."""
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self._lock = threading.Lock()

    def withdraw(self, amount):
        with self._lock:
            enough = self.balance >= amount
        if not enough:
            return False
        with self._lock:
            self.balance -= amount
        return True
