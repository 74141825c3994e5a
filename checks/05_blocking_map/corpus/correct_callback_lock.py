"""Correct: done-callbacks serialise on_page with a Lock (the indexer is not thread-safe), still each page as soon as it arrives."""

import threading
from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    index_lock = threading.Lock()

    def when_done(url):
        def callback(future):
            page = future.result()
            with index_lock:
                on_page(url, page)
        return callback

    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        for url in urls:
            pool.submit(fetch, url).add_done_callback(when_done(url))
    finally:
        pool.shutdown(wait=True)  # joins the workers, which run the callbacks
