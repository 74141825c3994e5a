"""Nightly price refresh for the web shop.

Every night this job asks the supplier's API for the current price of each product
(SKU). The import step that runs next stores `prices[i]` as the price of `skus[i]`.

The job was written years ago with hand-made threads, and the import step keeps
finding prices on the wrong products, prices missing at the end, and nights when the
supplier was down while the job reported success.
"""

import threading


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU with `fetch_price(sku)`, at most `max_workers`
    fetches at a time.

    Returns the prices as a list, in the order of `skus`. If `fetch_price` raises for
    a SKU, that exception is raised to the caller.
    """
    prices = []
    threads = []

    def worker(sku):
        # TODO: prices land in the list in the order the supplier answers, so the
        # import step stores them on the wrong products.
        # TODO: when the supplier fails for a SKU, a traceback is printed and the
        # job carries on as if that price had been fetched.
        prices.append(fetch_price(sku))

    for sku in skus:
        thread = threading.Thread(target=worker, args=(sku,))
        thread.start()
        threads.append(thread)
        if len(threads) >= max_workers:
            threads.pop(0).join()  # wait for the oldest before starting another one

    # TODO: the job returns while the last fetches are still running; their prices
    # are missing.
    return prices
