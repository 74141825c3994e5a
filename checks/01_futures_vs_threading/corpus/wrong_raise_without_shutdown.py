"""Wrong: the pool is never shut down, so its worker threads stay alive after return, and on a failure the other fetches are still running."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    pool = ThreadPoolExecutor(max_workers=max_workers)
    futures = [pool.submit(fetch_price, sku) for sku in skus]
    # result() waits for each fetch and re-raises its exception; the pool is
    # garbage collected when we return.
    return [future.result() for future in futures]
