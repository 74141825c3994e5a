"""Wrong: settle sizes the pool as min(workers, len(payments)), so an empty batch raises ValueError instead of returning 0; breaks settle: "Returns how many payments went through"."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._lock = threading.RLock()

    def deposit(self, account, amount):
        """Add `amount` to `account`."""
        with self._lock:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        with self._lock:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        with self._lock:
            self.withdraw(source, amount)
            self.deposit(target, amount)

    def balance(self, account):
        """The balance of `account`."""
        with self._lock:
            return self._balances[account]

    def total(self):
        """All the money in the ledger: what the audit compares."""
        with self._lock:
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

    payments = list(payments)
    # no point starting more threads than there are payments
    with ThreadPoolExecutor(max_workers=min(workers, len(payments))) as pool:
        return sum(pool.map(pay, payments))
