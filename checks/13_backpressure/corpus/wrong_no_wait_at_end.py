"""Wrong: bounded window, but returns via shutdown(wait=False) before the last writes have finished."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    stored = 0
    in_flight = set()
    pool = ThreadPoolExecutor(max_workers=max_workers)
    for line in lines:
        in_flight.add(pool.submit(store, line))
        stored += 1
        if len(in_flight) >= max_in_flight:
            _, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
    pool.shutdown(wait=False)  # the remaining writes finish in the background
    return stored
