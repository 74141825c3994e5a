"""Correct: keeps at most max_workers searches submitted (none ever queued); on a hit or an error it simply submits no more."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

_NONE_LEFT = object()


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    remaining = iter(shards)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        running = set()
        for shard in remaining:
            running.add(pool.submit(search, shard))
            if len(running) == max_workers:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                order = future.result()  # raises: nothing is queued, the with block waits for running ones
                if order is not None:
                    return order
            # Only now, with no hit and no error among them, replace the finished searches.
            for _ in done:
                next_shard = next(remaining, _NONE_LEFT)
                if next_shard is not _NONE_LEFT:
                    running.add(pool.submit(search, next_shard))
    return None
