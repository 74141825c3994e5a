"""Correct: a threading.Condition() (re-entrant RLock inside) guards the ledger; transfer re-enters it through withdraw/deposit."""

import threading
from concurrent.futures import ThreadPoolExecutor, wait


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._balances = dict(balances)
        self._changed = threading.Condition()  # wraps an RLock by default

    def deposit(self, account, amount):
        with self._changed:
            self._balances[account] += amount
            self._changed.notify_all()

    def withdraw(self, account, amount):
        with self._changed:
            if self._balances[account] < amount:
                raise InsufficientFunds(account)
            self._balances[account] -= amount

    def transfer(self, source, target, amount):
        with self._changed:
            self.withdraw(source, amount)
            self.deposit(target, amount)

    def balance(self, account):
        with self._changed:
            return self._balances[account]

    def total(self):
        with self._changed:
            return sum(self._balances.values())


def settle(ledger, payments, workers=4):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(ledger.transfer, *payment) for payment in payments]
        wait(futures)
    made = 0
    for future in futures:
        error = future.exception()
        if error is None:
            made += 1
        elif not isinstance(error, InsufficientFunds):
            raise error
    return made
