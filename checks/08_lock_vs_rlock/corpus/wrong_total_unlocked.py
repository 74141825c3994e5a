"""Wrong: every write is locked (RLock), but total() sums without the lock and can run in the middle of a transfer."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.RLock()

    def deposit(self, account, amount):
        with self._lock:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._lock:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._lock:
            self.withdraw(source, amount)
            self.deposit(target, amount)

    def balance(self, account):
        return self._balances[account]

    def total(self):
        # read-only: the audit does not change anything, so it needs no lock
        total = 0
        for account in list(self._balances):
            total += self._balances[account]
        return total


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
