"""Wrong: sets a stop Event on the hit, but each task checks it only AFTER its search, so queued searches still run."""

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    stop = threading.Event()

    def stoppable_search(shard):
        order = search(shard)
        if stop.is_set():
            return None  # someone else found it already
        return order

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(stoppable_search, shard) for shard in shards]
        try:
            for future in as_completed(futures):
                order = future.result()
                if order is not None:
                    return order
        finally:
            stop.set()
    return None
