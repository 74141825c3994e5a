"""Wrong: pool.map(store, lines), assuming map is lazy; Executor.map submits every line up front."""

from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        # map takes the iterable as it is, no list in memory.
        return sum(1 for _ in pool.map(store, lines))
