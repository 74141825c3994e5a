"""Right: one coarse module-level lock, with private helpers."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    pass


_LEDGER_LOCK = threading.Lock()


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        pass

    def _deposit(self, account, amount):
        self._balances[account] += amount

    def _withdraw(self, account, amount):
        if self._balances[account] < amount:
            raise InsufficientFunds(account)
        self._balances[account] -= amount

    def deposit(self, account, amount):
        _LEDGER_LOCK.acquire()
        try:
            self._deposit(account, amount)
        finally:
            _LEDGER_LOCK.release()

    def withdraw(self, account, amount):
        _LEDGER_LOCK.acquire()
        try:
            self._withdraw(account, amount)
        finally:
            _LEDGER_LOCK.release()

    def transfer(self, source, target, amount):
        _LEDGER_LOCK.acquire()
        try:
            self._withdraw(source, amount)
            self._deposit(target, amount)
        finally:
            _LEDGER_LOCK.release()

    def balance(self, account):
        _LEDGER_LOCK.acquire()
        try:
            return self._balances[account]
        finally:
            _LEDGER_LOCK.release()

    def total(self):
        _LEDGER_LOCK.acquire()
        try:
            return sum(self._balances.values())
        finally:
            _LEDGER_LOCK.release()


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
