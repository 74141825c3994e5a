"""Right: withdraw() and deposit() return the new balance, transfer() returns True (the README leaves their return values open)."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    pass


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._lock = threading.Lock()

    def _deposit(self, account, amount):
        self._balances[account] += amount
        return self._balances[account]

    def _withdraw(self, account, amount):
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount
        return self._balances[account]

    def deposit(self, account, amount):
        self._lock.acquire()
        try:
            return self._deposit(account, amount)
        finally:
            self._lock.release()

    def withdraw(self, account, amount):
        self._lock.acquire()
        try:
            return self._withdraw(account, amount)
        finally:
            self._lock.release()

    def transfer(self, source, target, amount):
        self._lock.acquire()
        try:
            self._withdraw(source, amount)
            self._deposit(target, amount)
            return True
        finally:
            self._lock.release()

    def balance(self, account):
        self._lock.acquire()
        try:
            return self._balances[account]
        finally:
            self._lock.release()

    def total(self):
        self._lock.acquire()
        try:
            return sum(self._balances.values())
        finally:
            self._lock.release()


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
