"""Wrong: wait(futures) with the default ALL_COMPLETED before handling anything, so the fast pages wait for the slowest server."""

from concurrent.futures import ThreadPoolExecutor, wait


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        url_of = {pool.submit(fetch, url): url for url in urls}
        done, _ = wait(url_of)
        for future in done:
            on_page(url_of[future], future.result())
