"""Wrong: actor whose total() is built by the caller from one balance() request per account - each request is served correctly, but a transfer can run between reading the source and reading the target, so the audit counts the moved money twice or not at all."""

import queue
import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class _Request:
    def __init__(self, op, args):
        self.op = op
        self.args = args
        self.result = None
        self.error = None
        self.done = threading.Event()


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._accounts = list(self._balances)
        self._queue = queue.Queue()
        threading.Thread(target=self._loop, daemon=True).start()

    def _withdraw(self, account, amount):
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    def _loop(self):
        while True:
            req = self._queue.get()
            try:
                if req.op == "deposit":
                    account, amount = req.args
                    self._balances[account] += amount
                elif req.op == "withdraw":
                    self._withdraw(*req.args)
                elif req.op == "transfer":
                    source, target, amount = req.args
                    self._withdraw(source, amount)
                    self._balances[target] += amount
                elif req.op == "balance":
                    req.result = self._balances[req.args[0]]
            except Exception as exc:
                req.error = exc
            req.done.set()

    def _do(self, op, *args):
        req = _Request(op, args)
        self._queue.put(req)
        req.done.wait()
        if req.error is not None:
            raise req.error
        return req.result

    def deposit(self, account, amount):
        """Add `amount` to `account`."""
        self._do("deposit", account, amount)

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        self._do("withdraw", account, amount)

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        self._do("transfer", source, target, amount)

    def balance(self, account):
        """The balance of `account`."""
        return self._do("balance", account)

    def total(self):
        """All the money in the ledger: what the audit compares."""
        return sum(self.balance(account) for account in self._accounts)


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
