"""Wrong: polls done() every 50 ms instead of as_completed, so searches keep starting between the hit and the next poll."""

import time
from concurrent.futures import ThreadPoolExecutor


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        pending = [pool.submit(search, shard) for shard in shards]
        while pending:
            for future in [f for f in pending if f.done()]:
                pending.remove(future)
                order = future.result()
                if order is not None:
                    return order
            time.sleep(0.05)  # do not burn the CPU while the shards work
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
