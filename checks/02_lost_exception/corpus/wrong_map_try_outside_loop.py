"""Wrong: pool.map with try around the loop stops at the first failure, reports only that one, and cancels sends not yet started."""

from concurrent.futures import ThreadPoolExecutor


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    messages = list(messages)
    failures = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        results = pool.map(send, messages)
        index = 0
        try:
            for _ in results:
                index += 1
        except Exception as exc:
            failures[messages[index]] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
