"""Correct: done-callbacks store each price at its SKU's index; the with block waits before the list is read."""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    skus = list(skus)
    prices = [None] * len(skus)
    errors = [None] * len(skus)

    def store(index):
        def on_done(future):
            # Each callback writes only its own slot, so no lock is needed.
            error = future.exception()
            if error is None:
                prices[index] = future.result()
            else:
                errors[index] = error
        return on_done

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for index, sku in enumerate(skus):
            pool.submit(fetch_price, sku).add_done_callback(store(index))

    # Every callback has run: a callback runs in the worker thread that finished the
    # task, and leaving the with block joins those threads.
    for error in errors:
        if error is not None:
            raise error
    return prices
