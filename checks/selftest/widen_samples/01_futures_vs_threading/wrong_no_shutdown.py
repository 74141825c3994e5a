"""Wrong: reads every result but never shuts the pool down, so its worker threads outlive the call."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    pool = ThreadPoolExecutor(max_workers=max_workers)
    return list(pool.map(fetch_price, skus))
