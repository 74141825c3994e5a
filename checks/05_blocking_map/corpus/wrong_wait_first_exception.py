"""Wrong: waits with return_when=FIRST_EXCEPTION before handling anything; when no fetch fails that means waiting for all of them, so a slow server holds back every page that already arrived."""

from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL with `fetch(url)` on a thread pool, and call
    `on_page(url, page)` once for each URL as soon as its page has arrived."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(fetch, url): url for url in urls}
        # bail out early if a fetch blows up, otherwise process the batch
        done, not_done = wait(futures, return_when=FIRST_EXCEPTION)
        for future in done:
            on_page(futures[future], future.result())
        for future in not_done:
            on_page(futures[future], future.result())
