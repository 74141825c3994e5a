"""Correct: each future's add_done_callback puts (url, future) on a queue.Queue and the calling thread takes exactly len(urls) items off it, so on_page runs in the caller's thread in arrival order, once per URL."""

import queue
from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL with `fetch(url)` on a thread pool, and call
    `on_page(url, page)` once for each URL as soon as its page has arrived."""
    urls = list(urls)
    arrived = queue.Queue()
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for url in urls:
            future = pool.submit(fetch, url)
            # default arg binds this iteration's url
            future.add_done_callback(lambda fut, url=url: arrived.put((url, fut)))
        for _ in urls:
            url, future = arrived.get()
            on_page(url, future.result())
