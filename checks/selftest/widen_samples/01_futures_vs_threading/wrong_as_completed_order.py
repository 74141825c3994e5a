"""Wrong: collects prices with as_completed, in the order the fetches finish, not the order of the SKUs."""
from concurrent.futures import ThreadPoolExecutor, as_completed


def refresh_prices(skus, fetch_price, max_workers=4):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_price, sku) for sku in skus]
        return [future.result() for future in as_completed(futures)]
