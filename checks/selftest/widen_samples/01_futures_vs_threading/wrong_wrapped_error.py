"""Wrong: wraps the supplier's exception in a new RuntimeError, so the caller cannot catch SupplierError."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        try:
            return list(pool.map(fetch_price, skus))
        except Exception as exc:
            raise RuntimeError(f"price refresh failed: {exc}") from exc
