"""Wrong fix: a lock per account, taken in the order source, target (deadlocks
when two transfers go in opposite directions)."""
import threading


class Bank:
    def __init__(self):
        self.balances = {"alice": 100, "bob": 100}
        self._locks = {account: threading.Lock() for account in self.balances}

    def transfer(self, source, target, amount):
        with self._locks[source]:
            with self._locks[target]:
                self.balances[source] -= amount
                self.balances[target] += amount
