"""Correct: a Semaphore(1) as the mutex, acquired once per public call (try/finally); transfer uses unlocked helpers."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._mutex = threading.Semaphore(1)

    def _locked(self, operation, *args):
        self._mutex.acquire()
        try:
            return operation(*args)
        finally:
            self._mutex.release()

    def _deposit(self, account, amount):
        self._balances[account] += amount

    def _withdraw(self, account, amount):
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    def _transfer(self, source, target, amount):
        self._withdraw(source, amount)
        self._deposit(target, amount)

    def deposit(self, account, amount):
        self._locked(self._deposit, account, amount)

    def withdraw(self, account, amount):
        self._locked(self._withdraw, account, amount)

    def transfer(self, source, target, amount):
        self._locked(self._transfer, source, target, amount)

    def balance(self, account):
        return self._locked(self._balances.__getitem__, account)

    def total(self):
        return self._locked(lambda: sum(self._balances.values()))


def settle(ledger, payments, workers=4):
    outcomes = []

    def pay(payment):
        try:
            ledger.transfer(*payment)
            outcomes.append(True)  # list.append is thread-safe
        except InsufficientFunds:
            outcomes.append(False)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(pay, payment) for payment in payments]:
            future.result()
    return outcomes.count(True)
