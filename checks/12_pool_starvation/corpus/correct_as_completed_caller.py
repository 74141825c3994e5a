"""Correct: the caller handles fetched orders as they complete, submits their prices at once, and sums at the end."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        order_of = {pool.submit(fetch_lines, order_id): order_id for order_id in order_ids}
        line_prices = {order_id: [] for order_id in order_ids}
        for fetched in as_completed(order_of):
            order_id = order_of[fetched]
            for sku, quantity in fetched.result():
                line_prices[order_id].append((pool.submit(unit_price, sku), quantity))
        return {
            order_id: sum(price.result() * quantity for price, quantity in prices)
            for order_id, prices in line_prices.items()
        }
