"""Wrong: orders stay on the bounded pool but each price lookup gets its own threading.Thread: unbounded pricing connections."""

import threading
from concurrent.futures import ThreadPoolExecutor


def order_total(order_id, fetch_lines, unit_price):
    """The total of one order in cents: each line's unit price times its quantity."""
    lines = fetch_lines(order_id)
    prices = [None] * len(lines)

    def look_up(index, sku):
        prices[index] = unit_price(sku)

    threads = [threading.Thread(target=look_up, args=(i, sku)) for i, (sku, _) in enumerate(lines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(price * quantity for price, (_, quantity) in zip(prices, lines))


def order_totals(order_ids, fetch_lines, unit_price, max_workers=4):
    """{order_id: total in cents} for every order, with at most `max_workers` threads
    talking to each service."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        totals = {order_id: pool.submit(order_total, order_id, fetch_lines, unit_price)
                  for order_id in order_ids}
        return {order_id: total.result() for order_id, total in totals.items()}
