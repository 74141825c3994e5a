"""Wrong: lets at most max_workers-1 orders in (min 1) to keep a worker free for prices; with max_workers=1 it still deadlocks."""

import threading
from concurrent.futures import ThreadPoolExecutor


def order_total(pool, order_id, fetch_lines, unit_price):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    prices = [pool.submit(unit_price, sku) for sku, _ in lines]
    return sum(price.result() * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    # Keep one worker free for the price lookups.
    order_slots = threading.BoundedSemaphore(max(1, max_workers - 1))
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {}
        for order_id in order_ids:
            order_slots.acquire()
            totals[order_id] = pool.submit(order_total, pool, order_id, fetch_lines, unit_price)
            totals[order_id].add_done_callback(lambda _: order_slots.release())
        return {order_id: total.result() for order_id, total in totals.items()}
