"""Wrong: the fetch's exception is replaced by a new RuntimeError, so the caller never gets the exception fetch_price raised."""

from concurrent.futures import ThreadPoolExecutor


class PriceRefreshError(RuntimeError):
    pass


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [(sku, pool.submit(fetch_price, sku)) for sku in skus]
        prices = []
        for sku, future in futures:
            try:
                prices.append(future.result())
            except Exception as exc:
                raise PriceRefreshError(f"could not fetch the price of {sku}: {exc}") from exc
        return prices
