"""Correct: wait for every future, then collect future.exception() of each."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {message: pool.submit(send, message) for message in messages}
    failures = {m: f.exception() for m, f in futures.items() if f.exception() is not None}
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
