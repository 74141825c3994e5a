"""Wrong: the stock is checked outside the lock, then reduced under it without a re-check (the last lamp sold twice)."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._lock = threading.Lock()

    def remove(self, item, quantity=1):
        if self._stock[item] < quantity:
            raise OutOfStock(item)
        with self._lock:
            self._stock[item] -= quantity

    def count(self, item):
        with self._lock:
            return self._stock[item]


def process_orders(inventory, orders, workers=8):
    def fulfil(order):
        item, quantity = order
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(fulfil, orders))
