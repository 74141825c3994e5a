"""Wrong: done-callbacks index each page, but shutdown(wait=False) lets crawl return before the slow pages are handled."""

import functools
from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    pool = ThreadPoolExecutor(max_workers=max_workers)
    for url in urls:
        future = pool.submit(fetch, url)
        future.add_done_callback(lambda f, url=url: on_page(url, f.result()))
    # The callbacks do the work; no need to block the caller until they are done.
    pool.shutdown(wait=False)
