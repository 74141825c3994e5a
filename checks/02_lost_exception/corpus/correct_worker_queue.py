"""Correct: each task catches its own failure and puts (message, exc) on a queue.Queue, drained after the pool has finished."""

import queue
from concurrent.futures import ThreadPoolExecutor


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    failed = queue.Queue()

    def deliver(message):
        try:
            send(message)
        except Exception as exc:
            failed.put((message, exc))

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for message in messages:
            pool.submit(deliver, message)

    failures = {}
    while not failed.empty():  # safe: every producer has finished
        message, exc = failed.get_nowait()
        failures[message] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
