"""Wrong: a failed fetch becomes None in the list, so the caller never hears the supplier failed."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    def safe_fetch(sku):
        try:
            return fetch_price(sku)
        except Exception:
            return None

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(safe_fetch, skus))
