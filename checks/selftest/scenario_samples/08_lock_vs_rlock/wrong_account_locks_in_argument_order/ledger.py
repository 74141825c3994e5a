"""Wrong: a lock per account, taken source first: two transfers in opposite directions deadlock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    pass


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._locks = {account: threading.Lock() for account in self._balances}

    def _deposit(self, account, amount):
        self._balances[account] += amount

    def _withdraw(self, account, amount):
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    def deposit(self, account, amount):
        with self._locks[account]:
            self._deposit(account, amount)

    def withdraw(self, account, amount):
        with self._locks[account]:
            self._withdraw(account, amount)

    def transfer(self, source, target, amount):
        with self._locks[source]:
            with self._locks[target]:
                self._withdraw(source, amount)
                self._deposit(target, amount)

    def balance(self, account):
        with self._locks[account]:
            return self._balances[account]

    def total(self):
        held = [self._locks[account] for account in sorted(self._locks)]
        for lock in held:
            lock.acquire()
        try:
            return sum(self._balances.values())
        finally:
            for lock in reversed(held):
                lock.release()


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
