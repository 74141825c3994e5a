"""Correct: the stock is owned by a ThreadPoolExecutor(max_workers=1); remove and count submit the real work to it and wait for .result(), so only that one thread ever runs a read-check-write, and exceptions come back to the caller."""

from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)
        # One worker = one owner: submitted calls run strictly one after another.
        self._owner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inventory")

    def _remove(self, item, quantity):
        if self._stock[item] < quantity:
            raise OutOfStock(item)
        self._stock[item] -= quantity

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        self._owner.submit(self._remove, item, quantity).result()

    def count(self, item):
        """How many of `item` are left."""
        return self._owner.submit(self._stock.__getitem__, item).result()


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
