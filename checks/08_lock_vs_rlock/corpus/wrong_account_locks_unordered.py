"""Wrong: per-account locks taken source first, then target, so A->B and B->A at the same moment deadlock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._locks = {account: threading.Lock() for account in self._balances}

    def deposit(self, account, amount):
        with self._locks[account]:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._locks[account]:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._locks[source]:
            if self._balances[source] < amount:
                raise InsufficientFunds(source)
            with self._locks[target]:
                self._balances[source] -= amount
                self._balances[target] += amount

    def balance(self, account):
        with self._locks[account]:
            return self._balances[account]

    def total(self):
        for lock in self._locks.values():
            lock.acquire()
        try:
            return sum(self._balances.values())
        finally:
            for lock in self._locks.values():
                lock.release()


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
