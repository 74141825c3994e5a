"""Wrong: throttles the reader with time.sleep after each submit, hoping the writes keep up; nothing actually bounds it."""

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
    stored = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            pool.submit(store, line)
            stored += 1
            if stored % max_in_flight == 0:
                time.sleep(0.001)  # give the writers time to catch up
    return stored
