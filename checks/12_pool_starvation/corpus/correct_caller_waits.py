"""Correct: order_totals submits every fetch, then every price lookup, and does all the waiting itself."""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        fetched = {order_id: pool.submit(fetch_lines, order_id) for order_id in order_ids}
        priced = {}
        for order_id, lines_future in fetched.items():
            lines = lines_future.result()  # the caller waits, never a worker
            priced[order_id] = [(pool.submit(unit_price, sku), quantity) for sku, quantity in lines]
        return {
            order_id: sum(price.result() * quantity for price, quantity in prices)
            for order_id, prices in priced.items()
        }
