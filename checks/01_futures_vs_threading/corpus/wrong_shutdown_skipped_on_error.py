"""Wrong: shuts the pool down only on the success path; when a fetch raises, the exception escapes while the remaining fetches and the worker threads keep running."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU with `fetch_price(sku)`, at most `max_workers`
    fetches at a time.

    Returns the prices as a list, in the order of `skus`. If `fetch_price` raises for
    a SKU, that exception is raised to the caller.
    """
    pool = ThreadPoolExecutor(max_workers=max_workers)
    prices = list(pool.map(fetch_price, skus))
    pool.shutdown(wait=True)
    return prices
