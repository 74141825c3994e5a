"""Wrong: pool.map yields in shard order, so a hit behind a slow shard is noticed late and queued searches start meanwhile."""

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
    results = pool.map(search, shards)
    try:
        for order in results:
            if order is not None:
                return order
        return None
    finally:
        results.close()  # cancels what map has not started
        pool.shutdown(wait=True, cancel_futures=True)
