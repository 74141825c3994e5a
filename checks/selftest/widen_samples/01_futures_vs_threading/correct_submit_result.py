"""Correct: submit every fetch, then read the futures in input order with result()."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        return [future.result() for future in futures]
