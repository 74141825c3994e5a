"""Wrong: transfer no longer holds the lock itself and just calls withdraw() then deposit(), so total() run between them misses the money in flight."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.Lock()

    def deposit(self, account, amount):
        with self._lock:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._lock:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        # withdraw() and deposit() lock for themselves, so no lock needed here
        self.withdraw(source, amount)
        self.deposit(target, amount)

    def balance(self, account):
        with self._lock:
            return self._balances[account]

    def total(self):
        with self._lock:
            return sum(self._balances.values())


def settle(ledger, payments, workers=4):
    """Make each `(source, target, amount)` payment on a thread pool; return how many went through."""

    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
