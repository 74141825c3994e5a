"""Wrong: calls pool.shutdown(wait=False) in finally, so the worker threads are not joined (and on an exception the remaining fetches are still running) when the function returns."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU with `fetch_price(sku)`, at most `max_workers`
    fetches at a time.

    Returns the prices as a list, in the order of `skus`. If `fetch_price` raises for
    a SKU, that exception is raised to the caller.
    """
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        return list(pool.map(fetch_price, skus))
    finally:
        # don't hold the caller up; the pool cleans itself up
        pool.shutdown(wait=False)
