"""Wrong: striped locks, but the read and the write-back take the stripe separately, so another order can sell in between and a sale is lost."""

import threading
from concurrent.futures import ThreadPoolExecutor

STRIPES = 16


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)
        self._stripes = [threading.Lock() for _ in range(STRIPES)]

    def _stripe(self, item):
        return self._stripes[hash(item) % len(self._stripes)]

    def _get(self, item):
        with self._stripe(item):
            return self._stock[item]

    def _set(self, item, value):
        with self._stripe(item):
            self._stock[item] = value

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        left = self._get(item)
        if left < quantity:
            raise OutOfStock(item)
        self._set(item, left - quantity)

    def count(self, item):
        """How many of `item` are left."""
        return self._get(item)


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
