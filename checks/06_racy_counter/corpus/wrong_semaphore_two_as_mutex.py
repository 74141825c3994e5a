"""Wrong: Semaphore(2) used as the mutex "so two orders can be served at once", which lets two threads into the read-check-write together."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)
        # two at a time keeps the pool busy; one at a time would serialise everything
        self._lock = threading.Semaphore(2)

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        with self._lock:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity

    def count(self, item):
        """How many of `item` are left."""
        with self._lock:
            return self._stock[item]


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
