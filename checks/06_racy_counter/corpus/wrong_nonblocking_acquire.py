"""Wrong: remove() uses acquire(blocking=False) and turns an order down whenever another order is in progress, even with plenty of stock."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._lock = threading.Lock()

    def remove(self, item, quantity=1):
        # never wait on a lock in a request handler: refuse and let the customer retry
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
    """Fulfil each `(item, quantity)` order on a thread pool; return how many went through."""

    def fulfil(order):
        item, quantity = order
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(fulfil, orders))
