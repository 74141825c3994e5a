"""Wrong: remove() creates a new Lock on every call, so no two threads ever share it."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)

    def remove(self, item, quantity=1):
        lock = threading.Lock()
        with lock:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity

    def count(self, item):
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
