"""Wrong: as_completed yields in finish order, so prices land on the wrong SKUs whenever a later fetch is faster."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        return [future.result() for future in as_completed(futures)]
