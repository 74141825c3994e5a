"""Wrong: keeps one module-level pool built with the FIRST call's max_workers; a later call with a smaller limit exceeds it."""

from concurrent.futures import ThreadPoolExecutor

_pool = None


def _get_pool(max_workers):
    global _pool
    if _pool is None:  # reuse the threads across invoicing runs
        _pool = ThreadPoolExecutor(max_workers=max_workers)
    return _pool


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    pool = _get_pool(max_workers)
    fetched = {order_id: pool.submit(fetch_lines, order_id) for order_id in order_ids}
    priced = {}
    for order_id, lines in fetched.items():
        priced[order_id] = [(pool.submit(unit_price, sku), quantity) for sku, quantity in lines.result()]
    return {
        order_id: sum(price.result() * quantity for price, quantity in prices)
        for order_id, prices in priced.items()
    }
