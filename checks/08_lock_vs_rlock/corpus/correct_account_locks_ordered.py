"""Correct: one Lock per account, always taken in sorted account order; total() takes them all (in order) so it never sees a half transfer."""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._locks = {account: threading.Lock() for account in self._balances}

    def _holding(self, *accounts):
        """Take the locks of `accounts` in one global order (sorted names): no deadlock."""
        stack = ExitStack()
        for account in sorted(set(accounts)):
            stack.enter_context(self._locks[account])
        return stack

    def deposit(self, account, amount):
        with self._locks[account]:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._locks[account]:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._holding(source, target):
            if self._balances[source] < amount:
                raise InsufficientFunds(source)
            self._balances[source] -= amount
            self._balances[target] += amount

    def balance(self, account):
        with self._locks[account]:
            return self._balances[account]

    def total(self):
        with self._holding(*self._balances):
            return sum(self._balances.values())


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
