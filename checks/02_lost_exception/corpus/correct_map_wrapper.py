"""Correct: map over a wrapper that returns the gateway's exception (or None) per message, then zip with the messages."""

from concurrent.futures import ThreadPoolExecutor


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def _try_send(send, message):
    try:
        send(message)
    except Exception as exc:
        return exc
    return None


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    messages = list(messages)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        errors = list(pool.map(lambda message: _try_send(send, message), messages))
    failures = {message: error for message, error in zip(messages, errors) if error is not None}
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
