"""Wrong: fetches in groups of max_workers, each group awaited whole, so the pool idles behind the slowest fetch."""
from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    prices = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for start in range(0, len(skus), max_workers):
            batch = skus[start:start + max_workers]
            prices.extend(pool.map(fetch_price, batch))
    return prices
