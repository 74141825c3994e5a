"""Correct: a done-callback per future records failures in a dict under a Lock; the with block waits for every callback."""

import functools
import threading
from concurrent.futures import ThreadPoolExecutor


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    failures = {}
    failures_lock = threading.Lock()

    def record(message, future):
        error = future.exception()
        if error is not None:
            with failures_lock:
                failures[message] = error

    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for message in messages:
            # partial binds this message now (a lambda would see the loop variable later)
            pool.submit(send, message).add_done_callback(functools.partial(record, message))
            count += 1
    # Callbacks run in the worker threads, which the with block has joined.
    if failures:
        raise DeliveryFailed(failures)
    return count
