"""Wrong: every order task opens its own price pool of max_workers, so max_workers orders make max_workers**2 price calls at once."""

from concurrent.futures import ThreadPoolExecutor


def order_total(order_id, fetch_lines, unit_price, max_workers):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    with ThreadPoolExecutor(max_workers=max_workers) as price_pool:
        prices = [price_pool.submit(unit_price, sku) for sku, _ in lines]
        return sum(price.result() * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {
            order_id: pool.submit(order_total, order_id, fetch_lines, unit_price, max_workers)
            for order_id in order_ids
        }
        return {order_id: total.result() for order_id, total in totals.items()}
