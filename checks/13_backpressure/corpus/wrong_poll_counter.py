"""Wrong: bounded, but waits for a free slot with a sleep loop that re-counts unfinished futures instead of blocking."""

import time
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    futures = []
    stored = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        source = iter(lines)
        while True:
            while len(futures) >= max_in_flight:
                futures = [f for f in futures if not f.done()]
                if len(futures) >= max_in_flight:
                    time.sleep(0.0005)
            try:
                line = next(source)
            except StopIteration:
                break
            futures.append(pool.submit(store, line))
            stored += 1
    return stored
