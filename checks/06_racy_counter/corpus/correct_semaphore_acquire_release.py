"""Correct: a Semaphore(1) acquired before the check and released in finally; process_orders uses wait()."""

import threading
from concurrent.futures import ThreadPoolExecutor, wait


class OutOfStock(Exception):
    """Raised when an order asks for more than is left."""


class Inventory:
    def __init__(self, stock):
        self._stock = dict(stock)
        self._guard = threading.Semaphore(1)  # a one-seat room: one thread at a time

    def remove(self, item, quantity=1):
        self._guard.acquire()
        try:
            left = self._stock[item]
            if left < quantity:
                raise OutOfStock(item)
            self._stock[item] = left - quantity
        finally:
            self._guard.release()

    def count(self, item):
        self._guard.acquire()
        try:
            return self._stock[item]
        finally:
            self._guard.release()


def process_orders(inventory, orders, workers=8):
    def fulfil(item, quantity):
        try:
            inventory.remove(item, quantity)
        except OutOfStock:
            return False
        return True

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fulfil, item, quantity) for item, quantity in orders]
        done, _ = wait(futures)
    return sum(future.result() for future in done)
