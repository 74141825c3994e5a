"""Wrong: unpacks the submitted fetches with zip(*...), which raises ValueError when there are no orders instead of returning {} (breaks 'finish for any number of orders')."""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        ids, fetches = zip(*[(order_id, pool.submit(fetch_lines, order_id)) for order_id in order_ids])
        lookups = [
            [(pool.submit(unit_price, sku), qty) for sku, qty in fetched.result()]
            for fetched in fetches
        ]
        totals = [sum(price.result() * qty for price, qty in lines) for lines in lookups]
    return dict(zip(ids, totals))
