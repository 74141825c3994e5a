"""A small crawler for a search index: fetch pages concurrently, and index each page
as soon as it has arrived.

Some servers answer in milliseconds, some take many seconds. The indexer should be
busy with the fast pages while the slow ones are still loading.
"""

from concurrent.futures import ThreadPoolExecutor, as_completed


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL with `fetch(url)` on a thread pool, and call
    `on_page(url, page)` once for each URL as soon as its page has arrived."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(fetch, url): url for url in urls}
        # as_completed yields each future when it finishes, in finishing order,
        # unlike map, which yields in submission order.
        for future in as_completed(futures):
            on_page(futures[future], future.result())
