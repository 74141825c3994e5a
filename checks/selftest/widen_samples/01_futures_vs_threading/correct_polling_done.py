"""Correct, if unusual: polls the futures with a short sleep until all are done, then reads them in order."""
import time
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        while not all(future.done() for future in futures):
            time.sleep(0.001)
        return [future.result() for future in futures]
