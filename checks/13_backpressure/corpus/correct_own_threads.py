"""Correct: no executor: max_workers threads drain a queue.Queue, the reader takes a semaphore slot before each line."""

import queue
import threading

_STOP = object()


def load_log(lines, store, max_workers=8, max_in_flight=64):
    """Call `store(line)` exactly once for every line of `lines` (any iterable, read
    lazily, possibly far too long to fit in memory), up to `max_workers` at a time.
    Return the number of lines stored, once every write has finished.

    At no moment may more than `max_in_flight` lines have been read from `lines`
    without their write having finished. (`store` handles its own errors: it never
    raises.)
    """
    slots = threading.BoundedSemaphore(max_in_flight)
    jobs = queue.Queue()

    def writer():
        while True:
            line = jobs.get()
            if line is _STOP:
                return
            try:
                store(line)
            finally:
                slots.release()

    writers = [threading.Thread(target=writer, daemon=True) for _ in range(max_workers)]
    for thread in writers:
        thread.start()
    stored = 0
    source = iter(lines)
    try:
        while True:
            slots.acquire()
            line = next(source, _STOP)
            if line is _STOP:
                slots.release()
                break
            jobs.put(line)
            stored += 1
    finally:
        for _ in writers:
            jobs.put(_STOP)
        for thread in writers:
            thread.join()
    return stored
