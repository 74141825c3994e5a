"""Wrong: only the first wait(FIRST_COMPLETED) is handled as pages arrive; the pages still pending after it are then read in submission order, so one slow page holds back the rest."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL with `fetch(url)` on a thread pool, and call
    `on_page(url, page)` once for each URL as soon as its page has arrived."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(fetch, url): url for url in urls}
        done, pending = wait(futures, return_when=FIRST_COMPLETED)
        for future in done:
            on_page(futures[future], future.result())
        for future in futures:
            if future in pending:
                on_page(futures[future], future.result())
