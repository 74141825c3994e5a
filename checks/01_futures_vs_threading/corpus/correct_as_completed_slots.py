"""Correct: as_completed fills a pre-sized list by index, so the order is the input order, not the finish order."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    skus = list(skus)
    prices = [None] * len(skus)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        index_of = {pool.submit(fetch_price, sku): i for i, sku in enumerate(skus)}
        for future in as_completed(index_of):
            prices[index_of[future]] = future.result()  # re-raises the fetch's own exception
    return prices
