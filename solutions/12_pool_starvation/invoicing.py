"""Total up a batch of customer orders for the nightly invoicing run.

An order's lines come from the order database: `fetch_lines(order_id)` returns a list of
(sku, quantity) pairs. Each item's unit price, in cents, comes from the pricing service:
`unit_price(sku)`. Both are slow network calls, so the orders are handled concurrently,
and the prices of an order's lines are looked up concurrently too.

Each service accepts at most `max_workers` connections from us at a time.
"""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    # A task that waits for another task of its own pool can starve: once every worker
    # is such a waiting task, the tasks they wait for sit in the queue with no worker
    # left to run them. So no task here waits for anything. Only this function, which
    # does not run on a worker, waits; it submits the sub-tasks itself and combines.
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        lines = {order_id: pool.submit(fetch_lines, order_id) for order_id in order_ids}
        prices = {
            order_id: [(pool.submit(unit_price, sku), quantity) for sku, quantity in fetched.result()]
            for order_id, fetched in lines.items()
        }
        return {
            order_id: sum(price.result() * quantity for price, quantity in priced)
            for order_id, priced in prices.items()
        }
