"""Wrong: a fresh pool per group of max_workers shards; a failing search's group is awaited, but its error is lost."""
from concurrent.futures import ThreadPoolExecutor


def find_first(shards, search, max_workers=8):
    for start in range(0, len(shards), max_workers):
        with ThreadPoolExecutor(max_workers=max_workers) as pool:
            futures = [pool.submit(search, shard) for shard in shards[start:start + max_workers]]
        for future in futures:
            if future.exception() is None and future.result() is not None:
                return future.result()
    return None
