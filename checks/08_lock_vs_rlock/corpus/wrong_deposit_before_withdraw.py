"""Wrong: RLock fixes the hang, but transfer deposits before it withdraws, so a payment the source cannot cover leaves the money in the target (money created)."""

import threading
from concurrent.futures import ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


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
        with self._lock:  # re-entrant: the inner calls may take it again
            self.deposit(target, amount)  # credit first, so the payee is never short
            self.withdraw(source, amount)

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
