"""Wrong: waits for the FIRST_COMPLETED page once, then handles the rest in submission order, so a slow server still holds back later pages."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [(url, pool.submit(fetch, url)) for url in urls]
        done, _ = wait([future for _, future in futures], return_when=FIRST_COMPLETED)
        for url, future in futures:  # the fastest first, then the others
            if future in done:
                on_page(url, future.result())
        for url, future in futures:
            if future not in done:
                on_page(url, future.result())
