"""Wrong: switched to submit, but reads result() in submission order, which blocks on the slow first URL just like map."""

from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [(url, pool.submit(fetch, url)) for url in urls]
        for url, future in futures:
            on_page(url, future.result())
