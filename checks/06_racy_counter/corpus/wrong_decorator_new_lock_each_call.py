"""Wrong: a @synchronized decorator that makes a fresh threading.Lock() on every call, so no two threads ever share a lock and nothing is excluded."""

import functools
import threading
from concurrent.futures import ThreadPoolExecutor


def synchronized(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with threading.Lock():
            return method(self, *args, **kwargs)

    return wrapper


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)

    @synchronized
    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        if self._stock[item] < quantity:
            raise OutOfStock(item)
        self._stock[item] -= quantity

    @synchronized
    def count(self, item):
        """How many of `item` are left."""
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
