"""Wrong: cancels the futures after the with block, when shutdown(wait=True) has already run them all."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    found = None
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(search, shard) for shard in shards]
        for future in as_completed(futures):
            found = future.result()
            if found is not None:
                break
    for future in futures:
        future.cancel()
    return found
