"""Wrong: reuses one module-level pool created on the first call with that call's max_workers, so a later call with a smaller max_workers lets more threads than allowed fetch at once (breaks 'no more than max_workers threads may fetch orders at once' on a second call)."""

from concurrent.futures import ThreadPoolExecutor

_pool = None


def _shared_pool(max_workers):
    # starting threads for every run is wasteful: keep one pool around
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=max_workers)
    return _pool


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    pool = _shared_pool(max_workers)
    fetches = {order_id: pool.submit(fetch_lines, order_id) for order_id in order_ids}
    lookups = {
        order_id: [(pool.submit(unit_price, sku), qty) for sku, qty in fetched.result()]
        for order_id, fetched in fetches.items()
    }
    return {
        order_id: sum(price.result() * qty for price, qty in lines)
        for order_id, lines in lookups.items()
    }
