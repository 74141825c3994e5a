"""Wrong: hand-made threads with a short time.sleep "to let them finish" instead of a join, so slow fetches are still running (and missing) at return."""

import threading
import time


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    skus = list(skus)
    prices = [None] * len(skus)
    errors = []
    slots = threading.Semaphore(max_workers)

    def worker(index, sku):
        with slots:
            try:
                prices[index] = fetch_price(sku)
            except Exception as exc:
                errors.append(exc)

    for index, sku in enumerate(skus):
        threading.Thread(target=worker, args=(index, sku)).start()
    time.sleep(0.05)  # give the last fetches time to finish
    if errors:
        raise errors[0]
    return prices
