"""Correct: concurrent.futures.wait for all, then results in submission order."""
import concurrent.futures as cf


def refresh_prices(skus, fetch_price, max_workers=4):
    with cf.ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        cf.wait(futures)
        return [future.result() for future in futures]
