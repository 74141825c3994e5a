"""Wrong: actor with one shared reply slot - every caller waits on the same Event and reads the same self._reply attribute, so when two orders are in flight one caller can wake up with the other's answer (a refused order counted as sold, or a sold order reported as OutOfStock)."""

import queue
import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)
        self._requests = queue.Queue()
        self._reply = None
        self._replied = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            op, item, quantity = self._requests.get()
            try:
                if op == "remove":
                    if self._stock[item] < quantity:
                        raise OutOfStock(item)
                    self._stock[item] -= quantity
                    self._reply = None
                else:
                    self._reply = self._stock[item]
            except Exception as exc:
                self._reply = exc
            self._replied.set()

    def _call(self, op, item, quantity=None):
        self._replied.clear()
        self._requests.put((op, item, quantity))
        self._replied.wait()
        reply = self._reply
        if isinstance(reply, Exception):
            raise reply
        return reply

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        self._call("remove", item, quantity)

    def count(self, item):
        """How many of `item` are left."""
        return self._call("count", item)


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
