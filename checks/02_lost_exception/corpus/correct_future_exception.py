"""Correct: wait() for all futures, then future.exception() tells each failure without raising it."""

from concurrent.futures import ThreadPoolExecutor, wait


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        futures = [(message, pool.submit(send, message)) for message in messages]
        wait([future for _, future in futures])
    finally:
        pool.shutdown()

    failures = {
        message: future.exception()
        for message, future in futures
        if future.exception() is not None
    }
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
