"""Wrong: two owner threads for one card - purchases go to a charge worker and top-ups to a separate top-up worker so they do not wait behind each other, but both workers read-modify-write self._balance, so a top-up and a purchase running together can lose one of the two updates."""

import queue
import threading
from concurrent.futures import Future


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._charges = queue.SimpleQueue()
        self._top_ups = queue.SimpleQueue()
        threading.Thread(target=self._charge_worker, daemon=True).start()
        threading.Thread(target=self._top_up_worker, daemon=True).start()

    def _charge_worker(self):
        while True:
            amount, future = self._charges.get()
            balance = self._balance
            if balance < amount:
                future.set_result(False)
            else:
                self._balance = balance - amount
                future.set_result(True)

    def _top_up_worker(self):
        while True:
            amount, future = self._top_ups.get()
            balance = self._balance
            self._balance = balance + amount
            future.set_result(None)

    def balance(self):
        """The amount left on the card."""
        return self._balance

    def top_up(self, amount):
        """Add `amount` to the card."""
        future = Future()
        self._top_ups.put((amount, future))
        future.result()

    def charge(self, amount):
        """Pay `amount` with the card.

        Returns True when the payment is approved (the amount is taken off the card),
        False when the balance is too low (nothing changes). The balance never goes
        below zero.
        """
        future = Future()
        self._charges.put((amount, future))
        return future.result()
