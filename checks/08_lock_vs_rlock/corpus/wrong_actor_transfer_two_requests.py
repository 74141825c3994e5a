"""Wrong: actor where transfer reuses the public methods as two separate requests - withdraw(source) and then deposit(target) each go through the owner thread (so nothing hangs), but between the two requests another request, e.g. the audit's total(), runs and sees the money in neither account."""

import queue
import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        """`balances` maps each account to its balance in cents, e.g. {"alice": 5000}."""
        self._balances = dict(balances)
        self._inbox = queue.Queue()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            op, args, reply = self._inbox.get()
            try:
                if op == "deposit":
                    account, amount = args
                    self._balances[account] += amount
                    result = None
                elif op == "withdraw":
                    account, amount = args
                    if self._balances[account] < amount:
                        raise InsufficientFunds(account)
                    self._balances[account] -= amount
                    result = None
                elif op == "balance":
                    result = self._balances[args[0]]
                else:  # "total"
                    result = sum(self._balances.values())
            except Exception as exc:
                reply.put((False, exc))
            else:
                reply.put((True, result))

    def _send(self, op, *args):
        reply = queue.Queue(maxsize=1)
        self._inbox.put((op, args, reply))
        ok, value = reply.get()
        if not ok:
            raise value
        return value

    def deposit(self, account, amount):
        """Add `amount` to `account`."""
        self._send("deposit", account, amount)

    def withdraw(self, account, amount):
        """Take `amount` out of `account`, or raise InsufficientFunds."""
        self._send("withdraw", account, amount)

    def transfer(self, source, target, amount):
        """Move `amount` from `source` to `target` in one step: no other thread ever
        sees the money gone from `source` and not yet in `target`. Raises
        InsufficientFunds (and changes nothing) if `source` cannot cover it."""
        # No lock to deadlock on any more: the owner thread serialises everything.
        self.withdraw(source, amount)
        self.deposit(target, amount)

    def balance(self, account):
        """The balance of `account`."""
        return self._send("balance", account)

    def total(self):
        """All the money in the ledger: what the audit compares."""
        return self._send("total")


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
