"""Right: a lock per account, always taken in sorted account order."""

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

    def _holding(self, *accounts):
        return [self._locks[account] for account in sorted(set(accounts))]

    def _run_locked(self, accounts, action):
        held = self._holding(*accounts)
        for lock in held:
            lock.acquire()
        try:
            return action()
        finally:
            for lock in reversed(held):
                lock.release()

    def deposit(self, account, amount):
        self._run_locked([account], lambda: self._deposit(account, amount))

    def withdraw(self, account, amount):
        self._run_locked([account], lambda: self._withdraw(account, amount))

    def transfer(self, source, target, amount):
        def move():
            self._withdraw(source, amount)
            self._deposit(target, amount)
        self._run_locked([source, target], move)

    def balance(self, account):
        return self._run_locked([account], lambda: self._balances[account])

    def total(self):
        return self._run_locked(list(self._balances), lambda: sum(self._balances.values()))


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
