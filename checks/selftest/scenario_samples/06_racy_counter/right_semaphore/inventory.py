"""Right: a Semaphore(1) as a mutex."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._mutex = threading.Semaphore(1)

    def remove(self, item, quantity=1):
        self._mutex.acquire()
        try:
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity
        finally:
            self._mutex.release()

    def count(self, item):
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
