"""Correct: (message, future) pairs read in submission order, each result() in its own try/except."""

from concurrent.futures import ThreadPoolExecutor


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        submitted = [(message, pool.submit(send, message)) for message in messages]

    failures = {}
    for message, future in submitted:
        try:
            future.result()
        except Exception as exc:
            failures[message] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(submitted)
