"""Correct: no task ever waits; the fetch_lines future's done-callback submits the price lookups and a countdown callback completes a per-order Future that only the caller waits on."""

import threading
from concurrent.futures import Future, ThreadPoolExecutor


def _price_order(pool, order_id, fetch_lines, unit_price):
    """Return a Future for the order's total, fed entirely by callbacks."""
    total = Future()

    def on_lines(fetched):
        try:
            lines = fetched.result()
        except BaseException as exc:
            total.set_exception(exc)
            return
        if not lines:
            total.set_result(0)
            return
        lock = threading.Lock()
        state = {"left": len(lines), "sum": 0, "failed": False}

        def on_price(price, quantity):
            exc = price.exception()
            with lock:
                if state["failed"]:
                    return
                if exc is not None:
                    state["failed"] = True
                    finished, outcome = True, exc
                else:
                    state["sum"] += price.result() * quantity
                    state["left"] -= 1
                    finished, outcome = state["left"] == 0, None
            if exc is not None:
                total.set_exception(outcome)
            elif finished:
                total.set_result(state["sum"])

        for sku, quantity in lines:
            pool.submit(unit_price, sku).add_done_callback(
                lambda f, q=quantity: on_price(f, q)
            )

    pool.submit(fetch_lines, order_id).add_done_callback(on_lines)
    return total


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {
            order_id: _price_order(pool, order_id, fetch_lines, unit_price)
            for order_id in order_ids
        }
        # Only the caller blocks; every worker just runs one call and returns.
        return {order_id: total.result() for order_id, total in totals.items()}
