"""Wrong: actor whose reads skip the owner - all changes (including a whole transfer) run on the owner thread, but balance() and total() read self._balances directly from the caller's thread, so an audit that runs while the owner is between the withdrawal and the deposit of a transfer sees the money missing."""

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._requests = queue.SimpleQueue()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            func, args, future = self._requests.get()
            try:
                future.set_result(func(*args))
            except Exception as exc:
                future.set_exception(exc)

    def _ask(self, func, *args):
        future = Future()
        self._requests.put((func, args, future))
        return future.result()

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
        """Add `amount` to `account`."""
        self._ask(self._deposit, account, amount)

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        self._ask(self._withdraw, account, amount)

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        self._ask(self._transfer, source, target, amount)

    # Reading doesn't change anything, so no need to bother the owner thread.
    def balance(self, account):
        """The balance of `account`."""
        return self._balances[account]

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
