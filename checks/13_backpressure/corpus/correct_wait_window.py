"""Correct: a set of in-flight futures; once it holds max_in_flight, wait(FIRST_COMPLETED) before reading on."""

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
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            in_flight.add(pool.submit(store, line))
            if len(in_flight) >= max_in_flight:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                stored += len(done)
        done, _ = wait(in_flight)
        stored += len(done)
    return stored
