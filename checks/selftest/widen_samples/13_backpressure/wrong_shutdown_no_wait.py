"""Wrong: bounded reading, but shutdown(wait=False) returns while the last writes still run."""
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def load_log(lines, store, max_workers=8, max_in_flight=64):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    pending = set()
    count = 0
    for line in lines:
        pending.add(pool.submit(store, line))
        count += 1
        if len(pending) >= max_in_flight:
            _, pending = wait(pending, return_when=FIRST_COMPLETED)
    pool.shutdown(wait=False)
    return count
