"""Pool starvation: tasks wait for sub-tasks queued behind them in their own pool."""
from concurrent.futures import ThreadPoolExecutor


def _price(item):
    return len(item)


def _order_total(pool, items):
    prices = [pool.submit(_price, item) for item in items]
    return sum(price.result() for price in prices)


def totals(orders, workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_order_total, pool, items) for items in orders]
        return [future.result() for future in futures]
