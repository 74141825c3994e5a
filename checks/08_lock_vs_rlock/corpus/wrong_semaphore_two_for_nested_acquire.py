"""Wrong: Semaphore(2) as the lock "because transfer needs it twice": no self-deadlock, but two threads can now hold it at once (lost deposits, overdrafts, total() mid-transfer, two transfers waiting for each other)."""

import functools
import threading
from concurrent.futures import ThreadPoolExecutor


def synchronized(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        # transfer takes it once and withdraw/deposit take it again: two permits
        self._lock = threading.Semaphore(2)

    @synchronized
    def deposit(self, account, amount):
        """Add `amount` to `account`."""
        self._balances[account] += amount

    @synchronized
    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    @synchronized
    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        self.withdraw(source, amount)
        self.deposit(target, amount)

    @synchronized
    def balance(self, account):
        """The balance of `account`."""
        return self._balances[account]

    @synchronized
    def total(self):
        """All the money in the ledger: what the audit compares."""
        return sum(self._balances.values())


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
