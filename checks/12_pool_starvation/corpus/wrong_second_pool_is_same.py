"""Wrong: meant to give prices their own pool, but the pools are cached by size, so "the price pool" is the very same executor and order tasks still wait on their own pool (deadlock once orders >= workers)."""

from concurrent.futures import ThreadPoolExecutor

_pools = {}


def _pool(max_workers):
    """One executor per service connection limit, reused across calls."""
    if max_workers not in _pools:
        _pools[max_workers] = ThreadPoolExecutor(max_workers=max_workers)
    return _pools[max_workers]


def order_total(prices_pool, order_id, fetch_lines, unit_price):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    prices = [prices_pool.submit(unit_price, sku) for sku, _ in lines]
    return sum(price.result() * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    orders_pool = _pool(max_workers)
    prices_pool = _pool(max_workers)
    totals = {
        order_id: orders_pool.submit(order_total, prices_pool, order_id, fetch_lines, unit_price)
        for order_id in order_ids
    }
    return {order_id: total.result() for order_id, total in totals.items()}
