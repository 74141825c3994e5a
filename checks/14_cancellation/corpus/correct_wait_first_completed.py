"""Correct: a wait(FIRST_COMPLETED) loop; a finally cancels whatever is still pending before the with block exits."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        pending = {pool.submit(search, shard) for shard in shards}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    order = future.result()
                    if order is not None:
                        return order
            return None
        finally:
            for future in pending:
                future.cancel()
