"""Correct: submit every fetch, keep future->url, and handle each page from as_completed in finish order."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        url_of = {pool.submit(fetch, url): url for url in urls}
        for future in as_completed(url_of):
            on_page(url_of[future], future.result())
