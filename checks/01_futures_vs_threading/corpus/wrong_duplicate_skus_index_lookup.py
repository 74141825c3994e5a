"""Wrong: places each price at skus.index(sku), so with a duplicated SKU the later slot stays None (breaks "price of every SKU, in order")."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU with `fetch_price(sku)`, at most `max_workers`
    fetches at a time.

    Returns the prices as a list, in the order of `skus`. If `fetch_price` raises for
    a SKU, that exception is raised to the caller.
    """
    prices = [None] * len(skus)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(fetch_price, sku): sku for sku in skus}
        for future in as_completed(futures):
            sku = futures[future]
            prices[skus.index(sku)] = future.result()
    return prices
