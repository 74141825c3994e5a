"""Wrong: the pool ignores max_workers and gets the default size, so the supplier sees more fetches at once."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    with ThreadPoolExecutor() as pool:
        return list(pool.map(fetch_price, skus))
