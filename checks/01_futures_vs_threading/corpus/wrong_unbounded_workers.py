"""Wrong: the pool gets one worker per SKU, so more than max_workers fetches run at once."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    skus = list(skus)
    # One thread per SKU is fastest; max_workers is only the minimum.
    with ThreadPoolExecutor(max_workers=max(max_workers, len(skus))) as pool:
        return list(pool.map(fetch_price, skus))
