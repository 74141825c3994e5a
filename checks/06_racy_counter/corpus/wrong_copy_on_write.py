"""Wrong: remove() builds a new dict and swaps it in, trusting that assignment is atomic; two threads copy the same old dict and one sale vanishes."""

from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)

    def remove(self, item, quantity=1):
        # replacing the whole dict is a single atomic assignment, so no lock needed
        updated = dict(self._stock)
        if updated[item] < quantity:
            raise OutOfStock(item)
        updated[item] -= quantity
        self._stock = updated

    def count(self, item):
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
