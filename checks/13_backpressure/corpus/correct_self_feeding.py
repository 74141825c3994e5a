"""Correct: starts max_in_flight writes; each write's done-callback reads the next line (under a lock) and submits it."""

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
    source = iter(lines)
    reading = threading.Lock()  # one thread at a time advances the iterator
    all_done = threading.Event()
    counts = {"stored": 0, "unfinished": 0}

    with ThreadPoolExecutor(max_workers=max_workers) as pool:

        def start_next():
            """Read one line and submit its write; False when the input is exhausted."""
            with reading:
                line = next(source, _END)
                if line is _END:
                    if counts["unfinished"] == 0:
                        all_done.set()
                    return False
                counts["unfinished"] += 1
                counts["stored"] += 1
            pool.submit(store, line).add_done_callback(one_done)
            return True

        def one_done(_future):
            with reading:
                counts["unfinished"] -= 1
            start_next()

        for _ in range(max_in_flight):
            if not start_next():
                break
        all_done.wait()
    return counts["stored"]
