"""A small crawler for a search index: fetch pages concurrently, and index each page
as soon as it has arrived.

Some servers answer in milliseconds, some take many seconds. The indexer should be
busy with the fast pages while the slow ones are still loading.
"""

from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL with `fetch(url)` on a thread pool, and call
    `on_page(url, page)` once for each URL as soon as its page has arrived."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        pages = pool.map(fetch, urls)
        # TODO: when the first server is slow, pages that arrived long ago sit
        # waiting and the indexer does nothing until the slow one answers.
        for url, page in zip(urls, pages):
            on_page(url, page)
