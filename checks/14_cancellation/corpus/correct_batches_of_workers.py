"""Correct: slow but right, it searches max_workers shards at a time and waits for each batch, so nothing is ever queued behind a hit."""

from concurrent.futures import ThreadPoolExecutor, wait


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    shards = list(shards)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for start in range(0, len(shards), max_workers):
            batch = [pool.submit(search, shard) for shard in shards[start:start + max_workers]]
            wait(batch)
            for future in batch:
                order = future.result()
                if order is not None:
                    return order
    return None
