"""Correct: orders run on one pool and submit their price lookups to a second pool whose tasks never wait."""

from concurrent.futures import ThreadPoolExecutor


def order_total(price_pool, order_id, fetch_lines, unit_price):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    prices = [price_pool.submit(unit_price, sku) for sku, _ in lines]
    # Safe: the price tasks run on their own pool, and they never wait for anything.
    return sum(price.result() * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as price_pool, \
            ThreadPoolExecutor(max_workers=max_workers) as order_pool:
        totals = {
            order_id: order_pool.submit(order_total, price_pool, order_id, fetch_lines, unit_price)
            for order_id in order_ids
        }
        return {order_id: total.result() for order_id, total in totals.items()}
