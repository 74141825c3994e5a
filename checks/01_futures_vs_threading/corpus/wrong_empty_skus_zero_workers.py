"""Wrong: sizes the pool as min(max_workers, len(skus)), so an empty skus list raises ValueError instead of returning []."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU with `fetch_price(sku)`, at most `max_workers`
    fetches at a time.

    Returns the prices as a list, in the order of `skus`. If `fetch_price` raises for
    a SKU, that exception is raised to the caller.
    """
    # no point starting more threads than there are SKUs
    workers = min(max_workers, len(skus))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fetch_price, skus))
