"""Wrong: shutdown(wait=False) without cancel_futures: returns at once, but the workers go on through the queue."""
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
        pool.shutdown(wait=False)
