"""Correct: one Lock per item, all created up front in __init__, so orders for different items never wait."""

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._locks = {item: threading.Lock() for item in self._stock}

    def remove(self, item, quantity=1):
        with self._locks[item]:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity

    def count(self, item):
        with self._locks[item]:
            return self._stock[item]


def process_orders(inventory, orders, workers=8):
    def fulfil(item, quantity):
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return 0
        return 1

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(fulfil, item, quantity) for item, quantity in orders}
        return sum(future.result() for future in as_completed(futures))
