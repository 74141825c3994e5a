"""Correct: one worker thread owns the balance; every method sends a request through a queue and waits for the reply."""

import queue
import threading
from concurrent.futures import Future


class GiftCard:
    def __init__(self, balance):
        self._requests = queue.Queue()
        threading.Thread(target=self._serve, args=(balance,), daemon=True).start()

    def _serve(self, balance):
        # Only this thread reads or writes `balance`.
        while True:
            action, amount, reply = self._requests.get()
            if action == "balance":
                reply.set_result(balance)
            elif action == "top_up":
                balance += amount
                reply.set_result(None)
            elif balance >= amount:  # charge
                balance -= amount
                reply.set_result(True)
            else:
                reply.set_result(False)

    def _ask(self, action, amount=0):
        reply = Future()
        self._requests.put((action, amount, reply))
        return reply.result()

    def balance(self):
        return self._ask("balance")

    def top_up(self, amount):
        self._ask("top_up", amount)

    def charge(self, amount):
        return self._ask("charge", amount)
