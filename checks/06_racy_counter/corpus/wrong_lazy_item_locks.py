"""Wrong: per-item locks are created lazily with check-then-create, so two threads can each make their own lock for the same item and both enter."""

import threading
from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._locks = {}

    def _lock_for(self, item):
        lock = self._locks.get(item)
        if lock is None:  # first order for this item: give it a lock
            lock = threading.Lock()
            self._locks[item] = lock
        return lock

    def remove(self, item, quantity=1):
        with self._lock_for(item):
            if self._stock[item] < quantity:
                raise OutOfStock(item)
            self._stock[item] -= quantity

    def count(self, item):
        with self._lock_for(item):
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
