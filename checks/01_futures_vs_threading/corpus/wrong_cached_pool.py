"""Wrong: one module-level pool reused across calls keeps the first call's max_workers and its threads stay alive after return."""

from concurrent.futures import ThreadPoolExecutor

_pool = None


def _get_pool(max_workers):
    # Creating threads every night is wasteful: keep one pool for the process.
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="price")
    return _pool


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    pool = _get_pool(max_workers)
    return list(pool.map(fetch_price, skus))
