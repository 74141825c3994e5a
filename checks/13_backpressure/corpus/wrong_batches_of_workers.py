"""Wrong: reads max_workers lines at a time and waits for the batch; when max_in_flight < max_workers it reads too many."""

from concurrent.futures import ThreadPoolExecutor, wait
from itertools import islice


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    source = iter(lines)
    stored = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while True:
            batch = list(islice(source, max_workers))  # one line per worker
            if not batch:
                break
            wait([pool.submit(store, line) for line in batch])
            stored += len(batch)
    return stored
