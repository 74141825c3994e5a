"""Correct: a pool's tasks update a counter under one shared lock."""
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def _bump(self):
        with self._lock:
            self.value += 1
        return self.value

    def add_many(self, times, workers=2):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self._bump) for _ in range(times)]
            wait(futures)
            return len([future.result() for future in as_completed(futures)])

    def add_with_map(self, times, workers=2):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return len(list(pool.map(lambda _: self._bump(), range(times))))

    def add_without_waiting(self, times, workers=2):
        pool = ThreadPoolExecutor(max_workers=workers)
        futures = [pool.submit(self._bump) for _ in range(times)]
        pool.shutdown(wait=False)
        return len([future.result() for future in futures])
