"""Wrong: submits and waits for each URL in turn, so the pool fetches one page at a time and a slow server blocks every URL after it."""

from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for url in urls:
            page = pool.submit(fetch, url).result()  # handle each page the moment it is here
            on_page(url, page)
