"""Wrong: caller-waits fix, but turns the lines into a {sku: quantity} dict, so a sku listed twice in an order counts once."""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        fetched = {order_id: pool.submit(fetch_lines, order_id) for order_id in order_ids}
        priced = {}
        for order_id, lines in fetched.items():
            quantities = dict(lines.result())  # one price lookup per sku
            priced[order_id] = {sku: (pool.submit(unit_price, sku), qty) for sku, qty in quantities.items()}
        return {
            order_id: sum(price.result() * qty for price, qty in prices.values())
            for order_id, prices in priced.items()
        }
