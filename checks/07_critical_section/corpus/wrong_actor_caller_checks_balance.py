"""Wrong: actor with check-then-act in the caller - balance() and the deduction each go through the owner thread, but charge() compares the balance in the calling thread and only then sends a separate "deduct" request, so two charges of 80 on 100 can both be approved and the card ends at -60."""

import queue
import threading
from concurrent.futures import Future


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._requests = queue.SimpleQueue()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            op, amount, future = self._requests.get()
            if op == "balance":
                future.set_result(self._balance)
            elif op == "add":
                self._balance += amount
                future.set_result(None)
            elif op == "deduct":
                self._balance -= amount
                future.set_result(None)

    def _send(self, op, amount=None):
        future = Future()
        self._requests.put((op, amount, future))
        return future.result()

    def balance(self):
        """The amount left on the card."""
        return self._send("balance")

    def _deduct(self, amount):
        self._send("deduct", amount)

    def top_up(self, amount):
        """Add `amount` to the card."""
        self._send("add", amount)

    def charge(self, amount):
        """Pay `amount` with the card.

        Returns True when the payment is approved (the amount is taken off the card),
        False when the balance is too low (nothing changes). The balance never goes
        below zero.
        """
        # Safe now: both steps are handled by the owner thread.
        if self.balance() < amount:
            return False
        self._deduct(amount)
        return True
