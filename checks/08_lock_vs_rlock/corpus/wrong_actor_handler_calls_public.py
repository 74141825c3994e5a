"""Wrong: actor self-deadlock - transfer's job runs on the owner thread and calls the public withdraw()/deposit(), which queue a new request for the owner and wait for its reply; the owner is busy waiting for itself, so the first transfer (and every request after it) hangs forever, the actor version of re-acquiring a Lock."""

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._jobs = queue.SimpleQueue()
        threading.Thread(target=self._owner, daemon=True).start()

    def _owner(self):
        while True:
            job, args, future = self._jobs.get()
            try:
                future.set_result(job(*args))
            except Exception as exc:
                future.set_exception(exc)

    def _call(self, job, *args):
        future = Future()
        self._jobs.put((job, args, future))
        return future.result()

    def deposit(self, account, amount):
        """Add `amount` to `account`."""

        def job():
            self._balances[account] += amount

        self._call(job)

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""

        def job():
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

        self._call(job)

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""

        def job():
            # The whole transfer is one job on the owner thread, so it is atomic.
            self.withdraw(source, amount)
            self.deposit(target, amount)

        self._call(job)

    def balance(self, account):
        """The balance of `account`."""
        return self._call(lambda: self._balances[account])

    def total(self):
        """All the money in the ledger: what the audit compares."""
        return self._call(lambda: sum(self._balances.values()))


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
