"""Correct: wait(FIRST_COMPLETED) in a loop; shutdown(cancel_futures=True) in a finally."""
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def find_first(shards, search, max_workers=8):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        pending = {pool.submit(search, shard) for shard in shards}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                order = future.result()
                if order is not None:
                    return order
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
