"""Correct: an unfinished-writes counter guarded by a Condition; the reader waits on it, done-callbacks notify."""

import threading
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    changed = threading.Condition()
    unfinished = 0
    stored = 0

    def finished(_future):
        nonlocal unfinished
        with changed:
            unfinished -= 1
            changed.notify()

    source = iter(lines)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while True:
            with changed:
                changed.wait_for(lambda: unfinished < max_in_flight)
                unfinished += 1  # reserve the slot before reading
            try:
                line = next(source)
            except StopIteration:
                with changed:
                    unfinished -= 1
                break
            pool.submit(store, line).add_done_callback(finished)
            stored += 1
        with changed:
            changed.wait_for(lambda: unfinished == 0)
    return stored
