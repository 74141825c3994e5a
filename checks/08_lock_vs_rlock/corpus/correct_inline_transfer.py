"""Correct: transfer does its own check, withdrawal and deposit inline under the one plain Lock, calling no locked method."""

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
        with self._lock:
            if self._balances[source] < amount:
                raise InsufficientFunds(source)
            self._balances[source] -= amount
            self._balances[target] += amount

    def balance(self, account):
        with self._lock:
            return self._balances[account]

    def total(self):
        with self._lock:
            return sum(self._balances.values())


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(pay, payments)).count(True)
