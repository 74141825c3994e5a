"""Wrong: sizes the pool as min(max_workers, len(messages)) so an empty batch raises ValueError instead of returning 0 (breaks 'when nothing fails it returns the number sent')."""

from concurrent.futures import ThreadPoolExecutor, as_completed


class DeliveryFailed(Exception):
    """Some messages were not sent. `failures` maps each of them to the exception
    the gateway raised for it."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


def send_all(messages, send, max_workers=4):
    """Send every message; raise DeliveryFailed naming every failed message."""
    failures = {}
    # no point starting more threads than there are messages
    with ThreadPoolExecutor(max_workers=min(max_workers, len(messages))) as pool:
        futures = {pool.submit(send, m): m for m in messages}
        for future in as_completed(futures):
            try:
                future.result()
            except Exception as exc:
                failures[futures[future]] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
