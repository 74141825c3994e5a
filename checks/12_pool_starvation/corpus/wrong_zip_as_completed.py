"""Wrong: zips order_ids with as_completed(...) of the fetches, so an order that finishes early gets another order's lines."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    order_ids = list(order_ids)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        fetches = [pool.submit(fetch_lines, order_id) for order_id in order_ids]
        priced = {}
        for order_id, fetched in zip(order_ids, as_completed(fetches)):
            priced[order_id] = [(pool.submit(unit_price, sku), quantity)
                                for sku, quantity in fetched.result()]
        return {
            order_id: sum(price.result() * quantity for price, quantity in prices)
            for order_id, prices in priced.items()
        }
