"""Correct: add_done_callback records each failure under a lock; the with block waits for all."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


import threading


def send_all(messages, send, max_workers=4):
    failures = {}
    lock = threading.Lock()

    def record(message):
        def done(future):
            error = future.exception()
            if error is not None:
                with lock:
                    failures[message] = error
        return done

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for message in messages:
            pool.submit(send, message).add_done_callback(record(message))
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
