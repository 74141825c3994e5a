"""Wrong: a search that raises is skipped like a miss, so a shard being down is never reported."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        for future in as_completed([pool.submit(search, shard) for shard in shards]):
            try:
                order = future.result()
            except Exception:
                continue
            if order is not None:
                return order
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
