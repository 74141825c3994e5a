"""Correct: each task fetches and then indexes its own page (on_page in the worker), so nothing waits for another URL."""

from concurrent.futures import ThreadPoolExecutor, wait


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""

    def fetch_and_index(url):
        on_page(url, fetch(url))

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_and_index, url) for url in urls]
        for future in wait(futures).done:
            future.result()  # surface an exception from fetch or on_page
