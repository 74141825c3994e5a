"""Correct: one pool per service (each max_workers), the caller feeds prices as orders arrive and sums them."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="orders") as orders, \
            ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="pricing") as pricing:
        fetches = {orders.submit(fetch_lines, order_id): order_id for order_id in order_ids}
        totals = dict.fromkeys(fetches.values(), 0)
        price_lookups = []
        for fetched in as_completed(fetches):
            for sku, quantity in fetched.result():
                price_lookups.append((fetches[fetched], pricing.submit(unit_price, sku), quantity))
        for order_id, price, quantity in price_lookups:
            totals[order_id] += price.result() * quantity
        return totals
