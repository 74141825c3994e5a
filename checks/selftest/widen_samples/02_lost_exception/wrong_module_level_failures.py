"""Wrong: the failures dict lives at module level, so a later batch also reports the failures of earlier ones."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")


_failures = {}


def send_all(messages, send, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(send, m): m for m in messages}
        for future in as_completed(futures):
            try:
                future.result()
            except Exception as exc:
                _failures[futures[future]] = exc
    if _failures:
        raise DeliveryFailed(_failures)
    return len(messages)
