"""Starts its own pool inside the method (the scheduler controls its worker);
the update in the worker is not locked."""
from concurrent.futures import ThreadPoolExecutor


class Counter:
    def __init__(self):
        self.value = 0

    def _bump(self):
        self.value += 1

    def add(self):
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(self._bump).result()
