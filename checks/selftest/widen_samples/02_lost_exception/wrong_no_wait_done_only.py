"""Wrong: shuts down without waiting and reports only the futures already done, so late failures vanish."""
import concurrent.futures as cf
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


class DeliveryFailed(Exception):
    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(f"{len(self.failures)} message(s) not sent: {sorted(self.failures)}")



def send_all(messages, send, max_workers=4):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    futures = {pool.submit(send, m): m for m in messages}
    pool.shutdown(wait=False)
    failures = {futures[f]: f.exception() for f in futures if f.done() and f.exception()}
    if failures:
        raise DeliveryFailed(failures)
    return len(messages)
