"""Wrong: the callback lambda reads the loop variable url when it runs, so pages that arrive later are indexed under the last URL."""

from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for url in urls:
            future = pool.submit(fetch, url)
            future.add_done_callback(lambda f: on_page(url, f.result()))
