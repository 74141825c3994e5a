"""Correct: cancels in both places, on the hit and in an except that re-raises, then shuts down without cancel_futures."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def find_first(shards, search, max_workers=8):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    futures = [pool.submit(search, shard) for shard in shards]
    try:
        for future in as_completed(futures):
            order = future.result()
            if order is not None:
                for other in futures:
                    other.cancel()
                pool.shutdown(wait=True)
                return order
    except BaseException:
        for other in futures:
            other.cancel()
        pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)
    return None
