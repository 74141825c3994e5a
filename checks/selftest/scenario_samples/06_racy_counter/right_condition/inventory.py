"""Right: a Condition used as the lock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._changed = threading.Condition()

    def remove(self, item, quantity=1):
        with self._changed:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity
            self._changed.notify_all()

    def count(self, item):
        with self._changed:
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
