"""Wrong: hand-made threads with results by index, but the window waits for its oldest thread before starting another."""
import threading


def refresh_prices(skus, fetch_price, max_workers=4):
    prices = [None] * len(skus)
    errors = []
    threads = []

    def worker(index, sku):
        try:
            prices[index] = fetch_price(sku)
        except Exception as exc:
            errors.append(exc)

    for index, sku in enumerate(skus):
        thread = threading.Thread(target=worker, args=(index, sku))
        thread.start()
        threads.append(thread)
        if len(threads) >= max_workers:
            threads.pop(0).join()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return prices
