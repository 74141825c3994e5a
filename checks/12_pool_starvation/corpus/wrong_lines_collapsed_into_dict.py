"""Wrong: the caller does the waiting, but turns each order's lines into a dict keyed by sku, so an order listing the same sku on several lines counts only the last one."""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        fetched = {order_id: pool.submit(fetch_lines, order_id) for order_id in order_ids}
        priced = {}
        for order_id, lines in fetched.items():
            quantities = dict(lines.result())  # sku -> quantity
            priced[order_id] = [
                (pool.submit(unit_price, sku), quantity)
                for sku, quantity in quantities.items()
            ]
        return {
            order_id: sum(price.result() * quantity for price, quantity in lookups)
            for order_id, lookups in priced.items()
        }
