"""Wrong: the locks were removed from deposit() and withdraw() so transfer can call them, but they are also called directly from many threads and now race."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.Lock()

    def deposit(self, account, amount):
        self._balances[account] += amount

    def withdraw(self, account, amount):
        # no lock here: transfer() already holds it
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._lock:
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
