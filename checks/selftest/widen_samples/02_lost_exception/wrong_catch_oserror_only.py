"""Wrong: catches only OSError (network trouble), so a failure of another kind escapes raw."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    failures = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(send, m): m for m in messages}
        for future in as_completed(futures):
            try:
                future.result()
            except OSError as exc:
                failures[futures[future]] = exc
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
