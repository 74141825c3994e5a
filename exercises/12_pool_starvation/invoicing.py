"""Total up a batch of customer orders for the nightly invoicing run.

An order's lines come from the order database: `fetch_lines(order_id)` returns a list of
(sku, quantity) pairs. Each item's unit price, in cents, comes from the pricing service:
`unit_price(sku)`. Both are slow network calls, so the orders are handled concurrently,
and the prices of an order's lines are looked up concurrently too.

Each service accepts at most `max_workers` connections from us at a time.
"""

from concurrent.futures import ThreadPoolExecutor


def order_total(pool, order_id, fetch_lines, unit_price):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    prices = [pool.submit(unit_price, sku) for sku, _ in lines]
    # TODO: with more orders than workers the invoicing run freezes for good: not a
    # single price is ever looked up, and order_totals never returns.
    return sum(price.result() * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {
            order_id: pool.submit(order_total, pool, order_id, fetch_lines, unit_price)
            for order_id in order_ids
        }
        return {order_id: total.result() for order_id, total in totals.items()}
