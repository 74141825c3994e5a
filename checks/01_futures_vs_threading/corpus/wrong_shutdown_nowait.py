"""Wrong: shutdown(wait=False) in finally returns while the other fetches still run when one fetch raised, and leaves worker threads alive."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        return list(pool.map(fetch_price, skus))
    finally:
        # Don't make the nightly job wait for threads: we already have our prices.
        pool.shutdown(wait=False)
