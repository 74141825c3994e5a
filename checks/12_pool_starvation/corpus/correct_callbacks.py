"""Correct: done-callbacks chain fetch -> price lookups -> per-order Future; only the caller blocks, on those Futures."""

import threading
from concurrent.futures import Future, ThreadPoolExecutor


def _price_order(pool, lines_future, order_future, unit_price):
    """Callback of a finished fetch: look the prices up, complete order_future when all are in."""
    try:
        lines = lines_future.result()
        prices = [(pool.submit(unit_price, sku), quantity) for sku, quantity in lines]
    except BaseException as error:
        order_future.set_exception(error)
        return
    if not prices:
        order_future.set_result(0)
        return
    remaining = [len(prices)]
    lock = threading.Lock()

    def one_price_done(_):
        with lock:
            remaining[0] -= 1
            last = remaining[0] == 0
        if last:
            try:
                order_future.set_result(sum(p.result() * q for p, q in prices))
            except BaseException as error:
                order_future.set_exception(error)

    for price, _ in prices:
        price.add_done_callback(one_price_done)


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {}
        for order_id in order_ids:
            order_future = Future()
            lines_future = pool.submit(fetch_lines, order_id)
            lines_future.add_done_callback(
                lambda done, of=order_future: _price_order(pool, done, of, unit_price))
            totals[order_id] = order_future
        # The caller is not a pool worker, so it may wait.
        return {order_id: total.result() for order_id, total in totals.items()}
