"""Wrong: actor with one reply queue shared by all callers - the owner applies requests in order but puts every answer on the same self._replies queue, so with two calls in flight each caller takes whichever answer is first: charge(80) can get the False meant for charge(30) and vice versa, so an approved payment is reported declined and the declined one approved."""

import queue
import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._requests = queue.Queue()
        self._replies = queue.Queue()
        threading.Thread(target=self._worker, daemon=True).start()

    def _worker(self):
        while True:
            op, amount = self._requests.get()
            if op == "balance":
                self._replies.put(self._balance)
            elif op == "top_up":
                self._balance += amount
                self._replies.put(None)
            else:
                if self._balance < amount:
                    self._replies.put(False)
                else:
                    self._balance -= amount
                    self._replies.put(True)

    def _call(self, op, amount=None):
        self._requests.put((op, amount))
        return self._replies.get()

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
