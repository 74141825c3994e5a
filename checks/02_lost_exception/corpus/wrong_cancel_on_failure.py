"""Wrong: on the first failure it cancels the queued sends (shutdown cancel_futures=True), so messages after it are never sent."""

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
    pool = ThreadPoolExecutor(max_workers=max_workers)
    message_of = {pool.submit(send, message): message for message in messages}
    try:
        for future in as_completed(message_of):
            try:
                future.result()
            except Exception as exc:
                failures[message_of[future]] = exc
                # the gateway is failing: do not hammer it with the rest of the batch
                pool.shutdown(wait=True, cancel_futures=True)
                break
    finally:
        pool.shutdown(wait=True)
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
