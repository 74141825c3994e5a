"""Wrong: reads max_in_flight lines, waits for the whole group, then reads the next group; the window drains."""
import itertools
from concurrent.futures import ThreadPoolExecutor, wait


def load_log(lines, store, max_workers=8, max_in_flight=64):
    it = iter(lines)
    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while True:
            batch = list(itertools.islice(it, max_in_flight))
            if not batch:
                break
            wait([pool.submit(store, line) for line in batch])
            count += len(batch)
    return count
