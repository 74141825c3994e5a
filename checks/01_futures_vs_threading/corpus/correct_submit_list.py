"""Correct: one future per SKU kept in input order; result() on each re-raises the original exception."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        # Leaving the with block (normally or by the exception result() re-raises)
        # waits for every fetch and ends the pool's threads.
        return [future.result() for future in futures]
