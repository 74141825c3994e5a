"""Correct: pool.map fetches every order, then one pool.map prices every line of every order; only the caller waits."""

from concurrent.futures import ThreadPoolExecutor


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    order_ids = list(order_ids)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        all_lines = list(pool.map(fetch_lines, order_ids))
        flat = [(order_id, sku, quantity)
                for order_id, lines in zip(order_ids, all_lines)
                for sku, quantity in lines]
        prices = pool.map(unit_price, [sku for _, sku, _ in flat])
        totals = {order_id: 0 for order_id in order_ids}
        for (order_id, _, quantity), price in zip(flat, prices):
            totals[order_id] += price * quantity
        return totals
