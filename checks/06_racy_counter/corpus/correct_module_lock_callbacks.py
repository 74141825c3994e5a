"""Correct: one module-level Lock shared by every Inventory; results counted with add_done_callback."""

import threading
from concurrent.futures import ThreadPoolExecutor

_stock_lock = threading.Lock()  # one lock for all inventories: coarse but safe


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)

    def remove(self, item, quantity=1):
        with _stock_lock:
            available = self._stock[item]
            if available < quantity:
                raise OutOfStock(item)
            self._stock[item] = available - quantity

    def count(self, item):
        with _stock_lock:
            return self._stock[item]


def process_orders(inventory, orders, workers=8):
    fulfilled = []
    tally_lock = threading.Lock()

    def tally(future):
        if future.exception() is None:
            with tally_lock:
                fulfilled.append(1)

    futures = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for item, quantity in orders:
            future = pool.submit(inventory.remove, item, quantity)
            future.add_done_callback(tally)
            futures.append(future)
    for future in futures:  # surface anything other than OutOfStock
        error = future.exception()
        if error is not None and not isinstance(error, OutOfStock):
            raise error
    return len(fulfilled)
