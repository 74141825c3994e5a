"""Wrong: actor with the check done by the caller - remove() asks the owner thread for count(), decides in the calling thread, then sends a separate "take" request; two orders can both see the last lamp before either take runs, so it is sold twice and the stock goes negative."""

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)
        self._mailbox = queue.SimpleQueue()
        threading.Thread(target=self._owner, daemon=True).start()

    def _owner(self):
        while True:
            op, item, quantity, future = self._mailbox.get()
            try:
                if op == "count":
                    future.set_result(self._stock[item])
                elif op == "take":
                    self._stock[item] -= quantity
                    future.set_result(None)
            except Exception as exc:
                future.set_exception(exc)

    def _request(self, op, item, quantity=0):
        future = Future()
        self._mailbox.put((op, item, quantity, future))
        return future.result()

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        if self.count(item) < quantity:
            raise OutOfStock(item)
        self._request("take", item, quantity)

    def count(self, item):
        """How many of `item` are left."""
        return self._request("count", item)


def process_orders(inventory, orders, workers=8):
    """Fulfil each `(item, quantity)` order on a thread pool.

    Returns how many orders were fulfilled; an order that finds too little stock is
    turned down and not counted.
    """

    def fulfil(order):
        item, quantity = order
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(fulfil, orders))
