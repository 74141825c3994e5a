"""Correct: an RLock guards remove and count; process_orders uses submit + as_completed."""

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._lock = threading.RLock()

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        with self._lock:
            # count() takes the same lock again: fine, it is re-entrant
            if self.count(item) < quantity:
                raise OutOfStock(item)
            self._stock[item] = self._stock[item] - quantity

    def count(self, item):
        with self._lock:
            return self._stock[item]


def process_orders(inventory, orders, workers=8):
    fulfilled = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(inventory.remove, item, quantity) for item, quantity in orders]
        for future in as_completed(futures):
            try:
                future.result()
            except OutOfStock:
                continue
            fulfilled += 1
    return fulfilled
