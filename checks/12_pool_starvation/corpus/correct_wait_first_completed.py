"""Correct: one event loop in the caller over wait(FIRST_COMPLETED): a finished fetch spawns price lookups, a finished price is added."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    totals = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        # Each pending future maps to what it means: ("lines", order) or ("price", order, qty).
        pending = {}
        for order_id in order_ids:
            totals[order_id] = 0
            pending[pool.submit(fetch_lines, order_id)] = ("lines", order_id)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                kind, order_id, *rest = pending.pop(future)
                if kind == "lines":
                    for sku, quantity in future.result():
                        pending[pool.submit(unit_price, sku)] = ("price", order_id, quantity)
                else:
                    totals[order_id] += future.result() * rest[0]
    return totals
