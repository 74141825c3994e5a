"""Wrong: the count comes from the loop variable of enumerate, so an empty log raises UnboundLocalError instead of returning 0; breaks "Return the number of lines stored"."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    in_flight = set()
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for count, line in enumerate(lines, start=1):
            in_flight.add(pool.submit(store, line))
            if len(in_flight) >= max_in_flight:
                _, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
        wait(in_flight)
    return count
