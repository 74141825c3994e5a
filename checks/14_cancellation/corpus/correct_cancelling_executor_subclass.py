"""Correct: a ThreadPoolExecutor subclass whose __exit__ shuts down with cancel_futures=True, so leaving the with block by return or by exception drops every queued search and waits only for running ones."""

from concurrent.futures import ThreadPoolExecutor, as_completed


class CancellingExecutor(ThreadPoolExecutor):
    """Like ThreadPoolExecutor, but leaving the `with` block cancels queued tasks."""

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True, cancel_futures=True)
        return False


def find_first(shards, search, max_workers=8):
    """Call `search(shard)` for the shards, up to `max_workers` at a time, and return
    the first result that is not None (the order), or None if no shard has it.

    As soon as the order is found, or a search raises (a shard is down: find_first
    raises that same exception), the searches that have not started yet must never
    start, and find_first returns (or raises) without waiting for them. Searches
    that are already running cannot be stopped; it may wait for those.
    """
    with CancellingExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(search, shard) for shard in shards]
        for future in as_completed(futures):
            order = future.result()
            if order is not None:
                return order
    return None
