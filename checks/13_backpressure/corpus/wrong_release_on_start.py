"""Wrong: the task gives its slot back as soon as it STARTS, so queued-to-running counts as done and unfinished writes pile up."""

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

    def write(line):
        slots.release()  # picked up by a worker: no longer waiting in the queue
        store(line)

    stored = 0
    source = iter(lines)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while True:
            slots.acquire()
            try:
                line = next(source)
            except StopIteration:
                slots.release()
                break
            pool.submit(write, line)
            stored += 1
    return stored
