"""Correct: lock striping, a fixed list of locks picked by hash(item); remove and count use the same stripe and the whole check-and-decrement is under it."""

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

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        with self._stripe(item):
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity

    def count(self, item):
        """How many of `item` are left."""
        with self._stripe(item):
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
