"""Wrong: an order is turned down as OutOfStock merely because another order holds the lock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._lock = threading.Lock()

    def remove(self, item, quantity=1):
        if not self._lock.acquire(blocking=False):
            raise OutOfStock(item)
        try:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity
        finally:
            self._lock.release()

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
