"""Correct: a wait(FIRST_COMPLETED) loop handles whatever has finished and keeps waiting on the rest."""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        url_of = {}
        for url in urls:
            url_of[pool.submit(fetch, url)] = url
        pending = set(url_of)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_page(url_of[future], future.result())
