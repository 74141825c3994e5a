"""Wrong: the consumer stops as soon as every future is done, leaving pages still in the queue unhandled."""

import queue
from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    arrived = queue.Queue()

    def fetch_one(url):
        arrived.put((url, fetch(url)))

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch_one, url) for url in urls]
        while not all(future.done() for future in futures):
            try:
                url, page = arrived.get(timeout=0.01)
            except queue.Empty:
                continue
            on_page(url, page)
