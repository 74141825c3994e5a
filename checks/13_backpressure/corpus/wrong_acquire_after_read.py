"""Wrong: the for-loop takes the next line before acquiring a slot, so with the window full one extra line (max_in_flight + 1) has been read without its write having finished."""

import threading
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    slots = threading.BoundedSemaphore(max_in_flight)
    stored = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            slots.acquire()
            pool.submit(store, line).add_done_callback(lambda _: slots.release())
            stored += 1
    return stored
