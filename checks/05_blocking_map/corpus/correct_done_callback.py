"""Correct: a done-callback per future calls on_page in the worker thread as soon as the fetch ends; the with block waits for all."""

import functools
from concurrent.futures import ThreadPoolExecutor


def _deliver(on_page, url, future):
    on_page(url, future.result())


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for url in urls:
            future = pool.submit(fetch, url)
            # partial binds this url now; the callback runs in the worker thread
            future.add_done_callback(functools.partial(_deliver, on_page, url))
