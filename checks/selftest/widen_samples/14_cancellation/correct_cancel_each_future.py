"""Correct: on the hit or an error, cancel every future (queued ones never run); the with block waits for the running ones."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(search, shard) for shard in shards]
        try:
            for future in as_completed(futures):
                order = future.result()
                if order is not None:
                    return order
        finally:
            for future in futures:
                future.cancel()
    return None
