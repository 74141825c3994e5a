"""Wrong: cancels in a finally, but reads the futures in submission order, so it notices the stop late."""
from concurrent.futures import ThreadPoolExecutor


def find_first(shards, search, max_workers=8):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        for future in [pool.submit(search, shard) for shard in shards]:
            order = future.result()
            if order is not None:
                return order
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
