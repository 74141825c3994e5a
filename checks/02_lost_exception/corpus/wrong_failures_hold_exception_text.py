"""Wrong: collects every failure under the right message, but stores a formatted "Type: text" string instead of the exception object the gateway raised, so the caller cannot inspect or re-raise it."""

from concurrent.futures import ThreadPoolExecutor, as_completed


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message with `send(message)`, several at a time.

    Returns the number of messages sent. If the gateway raises for some messages,
    every other message is still sent, and then DeliveryFailed is raised naming
    every message that failed.
    """
    failures = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(send, message): message for message in messages}
        for future in as_completed(futures):
            exc = future.exception()
            if exc is not None:
                # readable in the ops report
                failures[futures[future]] = f"{type(exc).__name__}: {exc}"
    if failures:
        raise DeliveryFailed(failures)
    return len(futures)
