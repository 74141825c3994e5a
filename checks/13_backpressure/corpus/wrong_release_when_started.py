"""Wrong: the slot is released as soon as a worker picks the task up rather than when the write finishes, so up to max_in_flight + max_workers lines can be read and not yet stored."""

import threading
from concurrent.futures import ThreadPoolExecutor

_END = object()


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
        slots.release()  # out of the queue now: let the reader go on
        store(line)

    source = iter(lines)
    stored = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while True:
            slots.acquire()
            line = next(source, _END)
            if line is _END:
                break
            pool.submit(write, line)
            stored += 1
    return stored
