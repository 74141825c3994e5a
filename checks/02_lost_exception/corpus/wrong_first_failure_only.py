"""Wrong: raises DeliveryFailed at the first failed result(), so only one of several failed messages is reported."""

from concurrent.futures import ThreadPoolExecutor, as_completed


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every message that failed."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        message_of = {pool.submit(send, message): message for message in messages}
        for future in as_completed(message_of):
            try:
                future.result()
            except Exception as exc:
                # the with block still waits for the other sends before this leaves
                raise DeliveryFailed({message_of[future]: exc})
    return len(messages)
