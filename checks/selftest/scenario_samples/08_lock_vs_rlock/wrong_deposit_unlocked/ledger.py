"""Wrong: withdraw() and transfer() hold the RLock, deposit() changes a balance without it (a lost deposit)."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    pass


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.RLock()

    def deposit(self, account, amount):
        if True:
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with self._lock:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._lock:
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
