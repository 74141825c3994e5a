"""Wrong: hand-made threads now keep order and are all joined, but a fetch's exception dies in its thread and the job reports success."""

import threading


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    skus = list(skus)
    prices = [None] * len(skus)
    slots = threading.BoundedSemaphore(max_workers)

    def worker(index, sku):
        try:
            prices[index] = fetch_price(sku)
        finally:
            slots.release()

    threads = []
    for index, sku in enumerate(skus):
        slots.acquire()
        thread = threading.Thread(target=worker, args=(index, sku))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return prices
