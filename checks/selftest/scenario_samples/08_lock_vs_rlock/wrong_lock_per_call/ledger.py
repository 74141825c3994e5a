"""Wrong: the stub's self-deadlock 'fixed' by a new lock in every call, which protects nothing."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    pass


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        pass

    def deposit(self, account, amount):
        with threading.Lock():
            self._balances[account] += amount

    def withdraw(self, account, amount):
        with threading.Lock():
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with threading.Lock():
            self.withdraw(source, amount)
            self.deposit(target, amount)

    def balance(self, account):
        with threading.Lock():
            return self._balances[account]

    def total(self):
        with threading.Lock():
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
