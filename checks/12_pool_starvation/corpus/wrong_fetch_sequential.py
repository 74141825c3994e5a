"""Wrong: the caller fetches every order's lines itself, one after another; only the prices use the pool."""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        priced = {}
        for order_id in order_ids:
            lines = fetch_lines(order_id)
            priced[order_id] = [(pool.submit(unit_price, sku), quantity) for sku, quantity in lines]
        return {
            order_id: sum(price.result() * quantity for price, quantity in prices)
            for order_id, prices in priced.items()
        }
