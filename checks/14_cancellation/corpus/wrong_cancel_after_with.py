"""Wrong: breaks out on the hit and cancels after the with block, but leaving the block already ran the queue."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    found = None
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(search, shard) for shard in shards]
        for future in as_completed(futures):
            found = future.result()
            if found is not None:
                break
    for future in futures:
        future.cancel()  # stop the searches we no longer need
    return found
