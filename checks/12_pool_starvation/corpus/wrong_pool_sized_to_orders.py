"""Wrong: sizes the pool to len(order_ids) + max_workers; no deadlock, but every order is fetched at once, far over max_workers."""

from concurrent.futures import ThreadPoolExecutor


def order_total(pool, order_id, fetch_lines, unit_price):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    prices = [pool.submit(unit_price, sku) for sku, _ in lines]
    return sum(price.result() * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    order_ids = list(order_ids)
    # One worker per waiting order, plus max_workers left over for the price lookups.
    with ThreadPoolExecutor(max_workers=len(order_ids) + max_workers) as pool:
        totals = {
            order_id: pool.submit(order_total, pool, order_id, fetch_lines, unit_price)
            for order_id in order_ids
        }
        return {order_id: total.result() for order_id, total in totals.items()}
