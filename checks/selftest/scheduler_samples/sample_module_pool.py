"""A pool created at import and used by every call; the update in the task is
not locked."""
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=2)


class Counter:
    def __init__(self):
        self.value = 0

    def _bump(self):
        self.value += 1

    def add(self):
        POOL.submit(self._bump).result()
