"""Wrong: transfers lock both accounts in sorted order, but total() locks and reads one account at a time, so it can count an account before and the other after a transfer and miss money."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._locks = {account: threading.Lock() for account in self._balances}

    def deposit(self, account, amount):
        """Add `amount` to `account`."""
        with self._locks[account]:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        with self._locks[account]:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        with contextlib.ExitStack() as stack:
            for account in sorted({source, target}):
                stack.enter_context(self._locks[account])
            if self._balances[source] < amount:
                raise InsufficientFunds(source)
            self._balances[source] -= amount
            self._balances[target] += amount

    def balance(self, account):
        """The balance of `account`."""
        with self._locks[account]:
            return self._balances[account]

    def total(self):
        """All the money in the ledger: what the audit compares."""
        total = 0
        for account, lock in self._locks.items():
            with lock:
                total += self._balances[account]
        return total


def settle(ledger, payments, workers=4):
    """Make each `(source, target, amount)` payment on a thread pool.

    Returns how many payments went through; a payment its source cannot cover is
    refused and not counted.
    """

    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
