"""Correct: map over a wrapper that returns (ok, value-or-exception), then the first failure in SKU order is re-raised."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""

    def attempt(sku):
        try:
            return True, fetch_price(sku)
        except Exception as exc:  # kept as a value; re-raised below, unchanged
            return False, exc

    with ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="price") as pool:
        outcomes = list(pool.map(attempt, skus))

    prices = []
    for ok, value in outcomes:
        if not ok:
            raise value
        prices.append(value)
    return prices
