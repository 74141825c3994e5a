"""Wrong: the lock covers the read and the check but is released before the write, so two orders write back the same stale total."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._lock = threading.Lock()

    def remove(self, item, quantity=1):
        with self._lock:
            left = self._stock[item]
            if left < quantity:
                raise OutOfStock(item)
        self._stock[item] = left - quantity

    def count(self, item):
        with self._lock:
            return self._stock[item]


def process_orders(inventory, orders, workers=8):
    """Fulfil each `(item, quantity)` order on a thread pool; return how many went through."""

    def fulfil(order):
        item, quantity = order
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(fulfil, orders))
