"""Correct: a wait(FIRST_COMPLETED) loop over the pending set, recording each finished future's exception."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    failures = {}
    sent = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        message_of = {}
        for message in messages:
            message_of[pool.submit(send, message)] = message
        pending = set(message_of)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                error = future.exception()
                if error is None:
                    sent += 1
                else:
                    failures[message_of[future]] = error
    if failures:
        raise DeliveryFailed(failures)
    return sent
