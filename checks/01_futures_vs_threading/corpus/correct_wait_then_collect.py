"""Correct: wait() for every future, shut the pool down explicitly in finally, then read results in input order."""

from concurrent.futures import ALL_COMPLETED, ThreadPoolExecutor, wait


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        wait(futures, return_when=ALL_COMPLETED)
    finally:
        pool.shutdown(wait=True)

    prices = []
    for future in futures:
        error = future.exception()
        if error is not None:
            raise error  # the very exception fetch_price raised
        prices.append(future.result())
    return prices
