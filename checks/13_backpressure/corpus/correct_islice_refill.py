"""Correct: fills the window with islice(max_in_flight), then after each wait(FIRST_COMPLETED) reads exactly len(done) more."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
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
        in_flight = {pool.submit(store, line) for line in islice(source, max_in_flight)}
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            stored += len(done)
            in_flight |= {pool.submit(store, line) for line in islice(source, len(done))}
    return stored
