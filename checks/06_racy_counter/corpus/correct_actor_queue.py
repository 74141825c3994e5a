"""Correct: one worker thread owns the stock; remove() and count() send requests through a queue."""

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._requests = queue.Queue()
        owner = threading.Thread(
            target=self._serve, args=(dict(stock), self._requests), daemon=True
        )
        owner.start()

    @staticmethod
    def _serve(stock, requests):
        # Only this thread ever touches `stock`, so no lock is needed.
        while True:
            action, item, quantity, reply = requests.get()
            try:
                if action == "count":
                    reply.set_result(stock[item])
                elif stock[item] < quantity:
                    reply.set_exception(OutOfStock(item))
                else:
                    stock[item] -= quantity
                    reply.set_result(None)
            except Exception as error:  # e.g. an unknown item: hand it to the caller
                reply.set_exception(error)

    def _ask(self, action, item, quantity=0):
        reply = Future()
        self._requests.put((action, item, quantity, reply))
        return reply.result()

    def remove(self, item, quantity=1):
        self._ask("remove", item, quantity)

    def count(self, item):
        return self._ask("count", item)


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
