"""Correct: futures keyed by position in a dict, results read back by sorted position after the pool has shut down."""

import concurrent.futures


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""
    executor = concurrent.futures.ThreadPoolExecutor(max_workers)
    with executor:
        by_position = {}
        for position, sku in enumerate(skus):
            by_position[position] = executor.submit(fetch_price, sku)
    # The with block has waited for all of them.
    return [by_position[position].result() for position in sorted(by_position)]
