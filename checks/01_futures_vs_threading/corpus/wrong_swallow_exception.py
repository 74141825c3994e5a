"""Wrong: a failed fetch becomes a None price and the job reports success, so the exception never reaches the caller."""

import logging
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger(__name__)


def refresh_prices(skus, fetch_price, max_workers=4):
    """Fetch the price of every SKU, at most `max_workers` at a time, in the order of `skus`."""

    def safe_fetch(sku):
        try:
            return fetch_price(sku)
        except Exception:
            logger.exception("price fetch failed for %s", sku)
            return None

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(safe_fetch, skus))
