"""Correct: on the way out, shutdown(wait=False, cancel_futures=True): queued searches cancelled, running ones not awaited."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        for future in as_completed([pool.submit(search, shard) for shard in shards]):
            order = future.result()
            if order is not None:
                return order
        return None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
