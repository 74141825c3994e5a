"""Correct: hand-made threads bounded by a semaphore, results by index, exceptions kept and re-raised."""
import threading


def refresh_prices(skus, fetch_price, max_workers=4):
    prices = [None] * len(skus)
    errors = [None] * len(skus)
    slots = threading.BoundedSemaphore(max_workers)
    threads = []

    def worker(index, sku):
        try:
            prices[index] = fetch_price(sku)
        except Exception as exc:
            errors[index] = exc
        finally:
            slots.release()

    for index, sku in enumerate(skus):
        slots.acquire()
        thread = threading.Thread(target=worker, args=(index, sku))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return prices
