"""Correct: one worker thread owns the balances; every method sends a request through a queue.Queue and waits for its reply."""

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class InsufficientFunds(Exception):
    """Raised when an account holds less than a withdrawal or payment asks for."""


class Ledger:
    def __init__(self, balances):
        self._requests = queue.Queue()
        threading.Thread(target=self._serve, args=(dict(balances),), daemon=True).start()

    def _serve(self, balances):
        # Only this thread touches `balances`: each request runs whole, one at a time.
        while True:
            operation, args, reply = self._requests.get()
            try:
                reply.set_result(operation(balances, *args))
            except Exception as error:
                reply.set_exception(error)

    def _ask(self, operation, *args):
        reply = Future()
        self._requests.put((operation, args, reply))
        return reply.result()

    @staticmethod
    def _deposit(balances, account, amount):
        balances[account] += amount

    @staticmethod
    def _withdraw(balances, account, amount):
        if balances[account] < amount:
            raise InsufficientFunds(account)
        balances[account] -= amount

    @classmethod
    def _transfer(cls, balances, source, target, amount):
        cls._withdraw(balances, source, amount)
        cls._deposit(balances, target, amount)

    def deposit(self, account, amount):
        self._ask(self._deposit, account, amount)

    def withdraw(self, account, amount):
        self._ask(self._withdraw, account, amount)

    def transfer(self, source, target, amount):
        self._ask(self._transfer, source, target, amount)

    def balance(self, account):
        return self._ask(lambda balances: balances[account])

    def total(self):
        return self._ask(lambda balances: sum(balances.values()))


def settle(ledger, payments, workers=4):
    def pay(payment):
        try:
            ledger.transfer(*payment)
        except InsufficientFunds:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(pay, payments))
