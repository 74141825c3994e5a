"""Load a web server's access log into the analytics database.

The log is huge (a busy site writes tens of gigabytes a day) and `lines` reads it
lazily, one line at a time, from a file or a network stream. Writing a line to the
database with `store(line)` is a network call of a few milliseconds, so several
writes run at the same time on a thread pool.
"""

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
    in_flight = set()  # futures of the lines read but not yet stored
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            in_flight.add(pool.submit(store, line))
            if len(in_flight) >= max_in_flight:
                # The window is full: stop reading until at least one write is done.
                # This is the backpressure: the reader goes only as fast as the writers.
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()
                stored += len(done)
        for future in in_flight:  # the last, partly filled window
            future.result()
        stored += len(in_flight)
    return stored
