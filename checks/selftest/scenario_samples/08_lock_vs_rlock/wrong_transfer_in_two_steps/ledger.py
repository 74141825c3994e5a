"""Wrong: transfer() no longer deadlocks because it drops its own lock, so an audit can see the money in flight."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    pass


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.RLock()

    def deposit(self, account, amount):
        with self._lock:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._lock:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        self.withdraw(source, amount)
        self.deposit(target, amount)

    def balance(self, account):
        with self._lock:
            return self._balances[account]

    def total(self):
        with self._lock:
            return sum(self._balances.values())


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
