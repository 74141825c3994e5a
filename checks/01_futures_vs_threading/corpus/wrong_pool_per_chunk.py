"""Wrong: a separate pool of max_workers per chunk of SKUs, all alive at once, multiplies the limit by the number of chunks."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    skus = list(skus)
    pools = []
    futures = []
    for start in range(0, len(skus), max_workers):
        pool = ThreadPoolExecutor(max_workers=max_workers)
        pools.append(pool)
        futures.extend(pool.submit(fetch_price, sku) for sku in skus[start:start + max_workers])
    try:
        return [future.result() for future in futures]
    finally:
        for pool in pools:
            pool.shutdown(wait=True)
