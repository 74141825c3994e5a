"""Correct: actor design with a per-request Event - each call builds a small _Request (operation, amount, its own Event and result slot), the owner thread applies it completely and then sets that request's Event, and the caller returns the result stored on its own request object."""

import queue
import threading


class _Request:
    def __init__(self, op, amount=None):
        self.op = op
        self.amount = amount
        self.result = None
        self.done = threading.Event()


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._inbox = queue.Queue()
        threading.Thread(target=self._owner_loop, daemon=True).start()

    def _owner_loop(self):
        while True:
            req = self._inbox.get()
            if req.op == "balance":
                req.result = self._balance
            elif req.op == "top_up":
                self._balance += req.amount
            elif req.op == "charge":
                if self._balance >= req.amount:
                    self._balance -= req.amount
                    req.result = True
                else:
                    req.result = False
            req.done.set()  # reply only after the change is applied

    def _call(self, op, amount=None):
        req = _Request(op, amount)
        self._inbox.put(req)
        req.done.wait()
        return req.result

    def balance(self):
        """The amount left on the card."""
        return self._call("balance")

    def top_up(self, amount):
        """Add `amount` to the card."""
        self._call("top_up", amount)

    def charge(self, amount):
        """Pay `amount` with the card.

        Returns True when the payment is approved (the amount is taken off the card),
        False when the balance is too low (nothing changes). The balance never goes
        below zero.
        """
        return self._call("charge", amount)
