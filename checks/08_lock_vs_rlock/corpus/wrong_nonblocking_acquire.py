"""Wrong: withdraw/deposit use acquire(blocking=False) to avoid waiting on themselves, and give up (InsufficientFunds) whenever another thread holds the lock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.Lock()

    def _try_lock(self, account):
        if not self._lock.acquire(blocking=False):
            raise InsufficientFunds(account)  # ledger busy: refuse, the client retries

    def deposit(self, account, amount):
        self._try_lock(account)
        try:
            self._balances[account] += amount
        finally:
            self._lock.release()

    def withdraw(self, account, amount):
        self._try_lock(account)
        try:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount
        finally:
            self._lock.release()

    def transfer(self, source, target, amount):
        self._try_lock(source)
        try:
            if self._balances[source] < amount:
                raise InsufficientFunds(source)
            self._balances[source] -= amount
            self._balances[target] += amount
        finally:
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
