"""Find a customer's order in a sharded database.

Orders are spread over many shards (64 in production) and nothing tells which shard
holds a given order, so `find_first` asks the shards concurrently on a thread pool.
Exactly one of them has it. Every query costs the database real work: once the order
has been found, the queries still waiting in the pool's queue are pure waste.
"""

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
            order = future.result()  # a search that raised raises here
            if order is not None:
                return order
        return None
    finally:
        # On the hit, on an error, and at the normal end alike: cancel every search
        # still waiting in the queue (its Future becomes cancelled and it never runs),
        # then wait only for the searches already running. A plain `with` block
        # would call shutdown(wait=True) without cancel_futures and run the queue.
        pool.shutdown(wait=True, cancel_futures=True)
