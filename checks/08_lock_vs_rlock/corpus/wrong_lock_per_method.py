"""Wrong: each method got its own Lock so none waits for itself, but then deposit, withdraw, transfer and total no longer exclude each other."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._deposit_lock = threading.Lock()
        self._withdraw_lock = threading.Lock()
        self._transfer_lock = threading.Lock()
        self._read_lock = threading.Lock()

    def deposit(self, account, amount):
        with self._deposit_lock:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._withdraw_lock:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._transfer_lock:
            self.withdraw(source, amount)
            self.deposit(target, amount)

    def balance(self, account):
        with self._read_lock:
            return self._balances[account]

    def total(self):
        with self._read_lock:
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
