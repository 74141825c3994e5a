"""Stock levels of a small web shop, shared by the threads that handle orders.

Orders arrive in bursts, so `process_orders` handles them on a thread pool: a slow
payment check for one order does not hold up the others. Every order takes its items
out of the same `Inventory`.
"""

from concurrent.futures import ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        """`stock` maps each item to the quantity on hand, e.g. {"lamp": 10}."""
        self._stock = dict(stock)

    def remove(self, item, quantity=1):
        """Take `quantity` of `item` out of stock, or raise OutOfStock."""
        # TODO: after a burst of orders the shop shows more stock than it really has,
        # and sometimes sells the last lamp twice.
        if self._stock[item] < quantity:
            raise OutOfStock(item)
        self._stock[item] -= quantity

    def count(self, item):
        """How many of `item` are left."""
        return self._stock[item]


def process_orders(inventory, orders, workers=8):
    """Fulfil each `(item, quantity)` order on a thread pool.

    Returns how many orders were fulfilled; an order that finds too little stock is
    turned down and not counted.
    """

    def fulfil(order):
        item, quantity = order
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(fulfil, orders))
