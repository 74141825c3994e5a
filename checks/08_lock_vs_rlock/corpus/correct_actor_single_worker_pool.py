"""Correct: the ledger is owned by a ThreadPoolExecutor(max_workers=1); every public method submits one private function and waits for its result, and _transfer calls the private _withdraw/_deposit directly (never the public methods, which would submit to the same busy worker and wait for themselves), so a transfer is one indivisible job."""

from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._owner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger")

    def _run(self, func, *args):
        return self._owner.submit(func, *args).result()

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
        self._run(self._deposit, account, amount)

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        self._run(self._withdraw, account, amount)

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        self._run(self._transfer, source, target, amount)

    def balance(self, account):
        """The balance of `account`."""
        return self._run(self._balances.__getitem__, account)

    def total(self):
        """All the money in the ledger: what the audit compares."""
        return self._run(lambda: sum(self._balances.values()))


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
