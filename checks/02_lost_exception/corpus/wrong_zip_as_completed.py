"""Wrong: zips messages with as_completed(), which yields in finish order, so exceptions are filed under the wrong messages."""

from concurrent.futures import ThreadPoolExecutor, as_completed


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
        futures = [pool.submit(send, message) for message in messages]
        for message, future in zip(messages, as_completed(futures)):
            try:
                future.result()
            except Exception as exc:
                failures[message] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
