"""Wrong: max_workers=len(shards) so nothing is ever queued; cancelling becomes moot, but it runs far more than max_workers searches."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    shards = list(shards)
    # One worker per shard: nothing waits in the queue, so nothing needs cancelling.
    with ThreadPoolExecutor(max_workers=max(1, len(shards))) as pool:
        futures = [pool.submit(search, shard) for shard in shards]
        for future in as_completed(futures):
            order = future.result()
            if order is not None:
                return order
    return None
