"""Wrong: skips falsy pages, so a URL whose page is empty ("" or b"") never gets its on_page call (breaks "once per URL")."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL with `fetch(url)` on a thread pool, and call
    `on_page(url, page)` once for each URL as soon as its page has arrived."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(fetch, url): url for url in urls}
        for future in as_completed(futures):
            page = future.result()
            if not page:
                continue  # nothing to index
            on_page(futures[future], page)
