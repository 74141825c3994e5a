"""Wrong: shutdown(wait=False) before reading, then returns the prices that are done so far."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    futures = [pool.submit(fetch_price, sku) for sku in skus]
    pool.shutdown(wait=False)
    return [future.result() for future in futures if future.done()]
