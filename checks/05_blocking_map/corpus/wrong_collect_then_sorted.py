"""Wrong: as_completed collects pages into a dict, but on_page is called only after the loop, in URL order, so a slow server holds back every page."""

from concurrent.futures import ThreadPoolExecutor, as_completed


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    urls = list(urls)
    pages = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        url_of = {pool.submit(fetch, url): url for url in urls}
        for future in as_completed(url_of):
            pages[url_of[future]] = future.result()
    for url in urls:  # index in a stable order
        on_page(url, pages[url])
