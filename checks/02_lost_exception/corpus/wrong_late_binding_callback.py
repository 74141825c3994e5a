"""Wrong: the done-callback lambda reads the loop variable when it runs, so failures are filed under a later message."""

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
    lock = threading.Lock()

    def record(message, future):
        if future.exception() is not None:
            with lock:
                failures[message] = future.exception()

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for message in messages:
            future = pool.submit(send, message)
            future.add_done_callback(lambda f: record(message, f))
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
