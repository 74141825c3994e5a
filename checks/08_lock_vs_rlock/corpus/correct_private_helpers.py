"""Correct: a plain Lock taken once by each public method; transfer calls _withdraw/_deposit helpers that expect it held."""

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.Lock()

    # helpers: the caller must hold self._lock
    def _deposit(self, account, amount):
        self._balances[account] += amount

    def _withdraw(self, account, amount):
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    def deposit(self, account, amount):
        with self._lock:
            self._deposit(account, amount)

    def withdraw(self, account, amount):
        with self._lock:
            self._withdraw(account, amount)

    def transfer(self, source, target, amount):
        with self._lock:
            self._withdraw(source, amount)  # raises before anything changed
            self._deposit(target, amount)

    def balance(self, account):
        with self._lock:
            return self._balances[account]

    def total(self):
        with self._lock:
            return sum(self._balances.values())


def settle(ledger, payments, workers=4):
    def pay(source, target, amount):
        ledger.transfer(source, target, amount)

    made = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(pay, *payment) for payment in payments]
        for future in as_completed(futures):
            try:
                future.result()
            except InsufficientFunds:
                continue
            made += 1
    return made
