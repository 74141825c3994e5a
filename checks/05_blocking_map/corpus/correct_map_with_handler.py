"""Correct: pool.map over a fetch-then-index wrapper; the in-order results are only None, so no page waits for a slower one."""

from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""

    def handle(url):
        on_page(url, fetch(url))  # indexing happens right where the page arrived

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for _ in pool.map(handle, urls):
            pass
