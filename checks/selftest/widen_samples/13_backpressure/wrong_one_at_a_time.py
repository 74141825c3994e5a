"""Wrong: waits for each write before reading the next line; bounded, but one write at a time."""
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            pool.submit(store, line).result()
            count += 1
    return count
