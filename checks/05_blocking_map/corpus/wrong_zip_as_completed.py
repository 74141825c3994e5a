"""Wrong: zips urls with as_completed(), which yields in finish order, so pages are indexed under the wrong URLs."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    urls = list(urls)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(fetch, url) for url in urls]
        for url, future in zip(urls, as_completed(futures)):
            on_page(url, future.result())
