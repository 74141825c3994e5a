"""Correct: the task catches its own exception and returns it; results read in order."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    def attempt(message):
        try:
            send(message)
            return None
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        errors = list(pool.map(attempt, messages))
    failures = {m: e for m, e in zip(messages, errors) if e is not None}
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
