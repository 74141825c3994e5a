"""Correct: workers put (url, page) on a queue.Queue and the calling thread indexes pages in arrival order, once per URL."""

import queue
from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    urls = list(urls)
    arrived = queue.Queue()

    def fetch_one(url):
        try:
            arrived.put((url, fetch(url), None))
        except Exception as exc:
            arrived.put((url, None, exc))

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for url in urls:
            pool.submit(fetch_one, url)
        for _ in urls:  # exactly one message per URL
            url, page, error = arrived.get()
            if error is not None:
                raise error
            on_page(url, page)
