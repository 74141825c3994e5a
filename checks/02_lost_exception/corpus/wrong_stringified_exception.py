"""Wrong: failures maps each message to str(exc), not to the exception the gateway raised."""

from concurrent.futures import ThreadPoolExecutor, as_completed


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    failures = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        message_of = {pool.submit(send, message): message for message in messages}
        for future in as_completed(message_of):
            try:
                future.result()
            except Exception as exc:
                failures[message_of[future]] = f"{type(exc).__name__}: {exc}"  # readable report
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
