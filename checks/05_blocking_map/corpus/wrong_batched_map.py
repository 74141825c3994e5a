"""Wrong: fetches in batches of max_workers with map, so inside each batch the pages wait for the batch's first (slow) URL."""

from concurrent.futures import ThreadPoolExecutor


def crawl(urls, fetch, on_page, max_workers=8):
    """Fetch every URL on a thread pool and call `on_page(url, page)` as soon as each page arrives."""
    urls = list(urls)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        # small batches, so a batch is handled as soon as it is complete
        for start in range(0, len(urls), max_workers):
            batch = urls[start:start + max_workers]
            for url, page in zip(batch, pool.map(fetch, batch)):
                on_page(url, page)
