"""Correct: concurrent.futures.wait, then result() on each inside try/except."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        futures = {pool.submit(send, m): m for m in messages}
        wait(futures)
    finally:
        pool.shutdown()
    failures = {}
    for future, message in futures.items():
        try:
            future.result()
        except Exception as exc:
            failures[message] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(futures)
