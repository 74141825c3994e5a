"""Load a web server's access log into the analytics database.

The log is huge (a busy site writes tens of gigabytes a day) and `lines` reads it
lazily, one line at a time, from a file or a network stream. Writing a line to the
database with `store(line)` is a network call of a few milliseconds, so several
writes run at the same time on a thread pool.
"""

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
        # TODO: memory use grows with the length of the log; on a real log the
        # process runs out of memory long before the last line is read.
        futures = [pool.submit(store, line) for line in lines]
        for future in futures:
            future.result()
    return len(futures)
