"""Wrong: looks for failures right after submitting, inside the with block, so sends still in flight are never checked."""

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
        futures = [(message, pool.submit(send, message)) for message in messages]
        failures = {
            message: future.exception()
            for message, future in futures
            if future.done() and future.exception() is not None
        }
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
