"""Wrong: cancels the queue on the hit, but an error from result() leaves the with block, which runs the whole queue."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(search, shard) for shard in shards]
        for future in as_completed(futures):
            order = future.result()
            if order is not None:
                for other in futures:
                    other.cancel()
                return order
    return None
