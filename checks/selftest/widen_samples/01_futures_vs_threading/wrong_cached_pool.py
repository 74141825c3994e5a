"""Wrong: one module-level pool made on the first call, reused with the first call's max_workers and never shut down."""
from concurrent.futures import ThreadPoolExecutor

_pool = None


def refresh_prices(skus, fetch_price, max_workers=4):
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=max_workers)
    return list(_pool.map(fetch_price, skus))
