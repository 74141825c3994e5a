"""Right: one coarse module-level lock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    pass


_STOCK_LOCK = threading.Lock()


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)

    def remove(self, item, quantity=1):
        with _STOCK_LOCK:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity

    def count(self, item):
        with _STOCK_LOCK:
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
