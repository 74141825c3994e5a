"""Correct: a slot taken before each read and given back in the task's own finally, right after store returns."""

import threading
from concurrent.futures import ThreadPoolExecutor

_END = object()  # marks the end of `lines` (a line may be anything, even None)


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    slots = threading.Semaphore(max_in_flight)

    def store_and_free_slot(line):
        try:
            store(line)
        finally:
            slots.release()

    stored = 0
    source = iter(lines)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while slots.acquire():
            line = next(source, _END)
            if line is _END:
                slots.release()
                break
            pool.submit(store_and_free_slot, line)
            stored += 1
    return stored
