"""Wrong: collects failures but stops at the first one, so DeliveryFailed names only one message."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(send, m): m for m in messages}
        for future in as_completed(futures):
            try:
                future.result()
            except Exception as exc:
                raise DeliveryFailed({futures[future]: exc})
    return len(messages)
