"""Correct: as_completed with each future's index, results placed by index; explicit shutdown."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def refresh_prices(skus, fetch_price, max_workers=4):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        futures = {pool.submit(fetch_price, sku): index for index, sku in enumerate(skus)}
        prices = [None] * len(skus)
        for future in as_completed(futures):
            prices[futures[future]] = future.result()
        return prices
    finally:
        pool.shutdown(wait=True)
