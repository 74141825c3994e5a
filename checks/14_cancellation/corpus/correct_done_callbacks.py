"""Correct: done-callbacks report the first hit or error through an Event; the caller then cancels the rest and shuts down."""

import threading
from concurrent.futures import ThreadPoolExecutor


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    shards = list(shards)
    finished = threading.Event()
    lock = threading.Lock()
    outcome = {"left": len(shards), "future": None}

    def on_done(future):
        with lock:
            outcome["left"] -= 1
            if future.cancelled():
                return
            decisive = future.exception() is not None or future.result() is not None
            if decisive and outcome["future"] is None:
                outcome["future"] = future
            if decisive or outcome["left"] == 0:
                finished.set()

    if not shards:
        return None
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        for shard in shards:
            pool.submit(search, shard).add_done_callback(on_done)
        finished.wait()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if outcome["future"] is None:
        return None
    return outcome["future"].result()  # the order, or raises the shard error
