"""Wrong: per-account Locks taken in sorted order, but a transfer from an account to itself takes that account's Lock twice and waits for itself forever."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._locks = {account: threading.Lock() for account in balances}

    def deposit(self, account, amount):
        with self._locks[account]:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._locks[account]:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        first, second = sorted((source, target))
        with self._locks[first], self._locks[second]:
            if self._balances[source] < amount:
                raise InsufficientFunds(source)
            self._balances[source] -= amount
            self._balances[target] += amount

    def balance(self, account):
        with self._locks[account]:
            return self._balances[account]

    def total(self):
        accounts = sorted(self._balances)
        for account in accounts:
            self._locks[account].acquire()
        try:
            return sum(self._balances.values())
        finally:
            for account in reversed(accounts):
                self._locks[account].release()


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
