"""Correct: pool.map inside a with block keeps input order, re-raises the fetch's exception and joins the pool."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fetch_price, skus))
