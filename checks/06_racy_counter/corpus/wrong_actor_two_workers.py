"""Wrong: two owner threads consume the same request queue (meant to keep up with bursts), so two requests for the same item run their read-check-write at the same time on different workers and a sale is lost or the last lamp is sold twice."""

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    WORKERS = 2

    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)
        self._jobs = queue.Queue()
        for _ in range(self.WORKERS):
            threading.Thread(target=self._work, daemon=True).start()

    def _work(self):
        while True:
            func, args, future = self._jobs.get()
            try:
                future.set_result(func(*args))
            except Exception as exc:
                future.set_exception(exc)

    def _submit(self, func, *args):
        future = Future()
        self._jobs.put((func, args, future))
        return future.result()

    def _remove(self, item, quantity):
        if self._stock[item] < quantity:
            raise OutOfStock(item)
        self._stock[item] -= quantity

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        self._submit(self._remove, item, quantity)

    def count(self, item):
        """How many of `item` are left."""
        return self._submit(self._stock.__getitem__, item)


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
