"""Wrong: no deadlock, but every order task opens its own price pool, so up to max_workers * max_workers threads hit the pricing service at once, over its connection limit."""

from concurrent.futures import ThreadPoolExecutor


def order_total(order_id, fetch_lines, unit_price, max_workers):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    with ThreadPoolExecutor(max_workers=max_workers) as prices_pool:
        prices = list(prices_pool.map(unit_price, [sku for sku, _ in lines]))
    return sum(price * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {
            order_id: pool.submit(order_total, order_id, fetch_lines, unit_price, max_workers)
            for order_id in order_ids
        }
        return {order_id: total.result() for order_id, total in totals.items()}
