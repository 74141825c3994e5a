"""Wrong: a home-made re-entrant lock records the owner thread but never clears it, so a pool thread that once made a transfer later skips the lock on direct calls."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.Lock()
        self._owner = None

    def _enter(self):
        """Take the lock unless this thread already owns it; True if we took it."""
        if self._owner == threading.get_ident():
            return False
        self._lock.acquire()
        self._owner = threading.get_ident()
        return True

    def deposit(self, account, amount):
        took = self._enter()
        try:
            self._balances[account] += amount
        finally:
            if took:
                self._lock.release()

    def withdraw(self, account, amount):
        took = self._enter()
        try:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount
        finally:
            if took:
                self._lock.release()

    def transfer(self, source, target, amount):
        took = self._enter()
        try:
            self.withdraw(source, amount)
            self.deposit(target, amount)
        finally:
            if took:
                self._lock.release()

    def balance(self, account):
        with self._lock:
            return self._balances[account]

    def total(self):
        with self._lock:
            return sum(self._balances.values())


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
