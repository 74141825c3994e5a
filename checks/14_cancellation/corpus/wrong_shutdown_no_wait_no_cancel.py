"""Wrong: shutdown(wait=False) in a finally lets find_first return at once, but it cancels nothing, so the workers keep running every queued search after the order is found."""

from concurrent.futures import ThreadPoolExecutor, as_completed


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
        futures = [pool.submit(search, shard) for shard in shards]
        for future in as_completed(futures):
            order = future.result()
            if order is not None:
                return order
        return None
    finally:
        pool.shutdown(wait=False)
