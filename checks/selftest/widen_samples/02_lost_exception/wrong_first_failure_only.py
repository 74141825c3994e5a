"""Wrong: result() in a plain loop, so the first failure escapes and the rest are never reported."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(send, m) for m in messages]
        for future in futures:
            future.result()
    return len(messages)
