"""Correct: a threading.Condition used as the lock around the whole read-check-write."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._changed = threading.Condition()

    def remove(self, item, quantity=1):
        with self._changed:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity
            self._changed.notify_all()  # someone may watch the stock level

    def count(self, item):
        with self._changed:
            return self._stock[item]


def process_orders(inventory, orders, workers=8):
    def fulfil(order):
        try:
            inventory.remove(*order)
            return True
        except OutOfStock:
            return False

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fulfil, orders)).count(True)
