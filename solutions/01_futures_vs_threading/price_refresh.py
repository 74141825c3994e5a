"""Nightly price refresh for the web shop.

Every night this job asks the supplier's API for the current price of each product
(SKU). The import step that runs next stores `prices[i]` as the price of `skus[i]`.

The job was written years ago with hand-made threads, and the import step keeps
finding prices on the wrong products, prices missing at the end, and nights when the
supplier was down while the job reported success.
"""

from concurrent.futures import ThreadPoolExecutor


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU with `fetch_price(sku)`, at most `max_workers`
    fetches at a time.

    Returns the prices as a list, in the order of `skus`. If `fetch_price` raises for
    a SKU, that exception is raised to the caller.
    """
    # The pool never runs more than max_workers threads. Leaving the `with` block
    # calls pool.shutdown(wait=True): every fetch has finished and every worker
    # thread has ended before we return (or raise). No join to forget.
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        # map yields the results in the order of `skus`, whatever order they finish
        # in, and re-raises here, in the caller's thread, the exception a fetch
        # raised in a worker thread.
        return list(pool.map(fetch_price, skus))
