"""Checks for lesson 05: a slow page must not hold back pages that already arrived.

The learner's crawl() and its pool run under the controlled scheduler
(kata/scheduler) on a virtual clock: a fetch "takes" its seconds with time.sleep,
which costs no wall time, and the check notes the virtual moment each page arrives
and the moment on_page gets it. A page handed over later than it arrived waited
for something else (a slower page before it, in map's submission order): held back.
Nothing is waited for in real time, so a wrong answer is as fast as a right one.
"""

import time

from kata.interleavings import load_learner_controlled, require_bounded_interleavings

SLOW, FAST = 3.0, 0.1  # virtual seconds a slow and a fast server take


class FakeWeb:
    """Servers that answer after a given (virtual) delay, and an index that notes
    when each page arrived and when it was handed to on_page."""

    def __init__(self, count, slow_positions=(), empty_positions=()):
        self.urls = [f"https://site{number}.example/" for number in range(count)]
        self.empty = {self.urls[number] for number in empty_positions}  # servers with an empty page
        self.delay = {url: SLOW if number in slow_positions else FAST
                      for number, url in enumerate(self.urls)}
        self.started = None  # virtual time crawl() was called
        self.arrived = {}    # url -> virtual seconds after the start when fetch returned
        self.indexed = []    # (url, page, virtual seconds after the start) in on_page order

    def crawl_with(self, crawl, **options):
        self.started = time.monotonic()
        return crawl(self.urls, self.fetch, self.on_page, **options)

    def _now(self):
        return round(time.monotonic() - self.started, 6)

    def page_of(self, url):
        return "" if url in self.empty else f"<html><title>{url}</title></html>"

    def fetch(self, url):
        time.sleep(self.delay[url])
        self.arrived[url] = self._now()
        return self.page_of(url)

    def on_page(self, url, page):
        self.indexed.append((url, page, self._now()))


def describe_crawl(web, max_workers):
    slow = [number + 1 for number, url in enumerate(web.urls) if web.delay[url] == SLOW]
    which = f"URL number {slow[0]} is slow ({SLOW:g} s)" if slow else "every server is fast"
    workers = "" if max_workers is None else f" and max_workers={max_workers}"
    return f"With {len(web.urls)} URLs{workers}, where {which} and the others take {FAST:g} s"


def each_page_indexed_once_as_it_arrives(web, max_workers):
    what = describe_crawl(web, max_workers)
    expected = sorted((url, web.page_of(url)) for url in web.urls)
    got = sorted((url, page) for url, page, _ in web.indexed)
    if got != expected:
        skipped_empty = sorted(web.empty - {url for url, _, _ in web.indexed})
        return (f"{what}: when crawl() returned, on_page had not been called exactly once for "
                f"every URL with that URL's page. Expected {len(web.urls)} calls, one per URL; "
                f"got {len(web.indexed)}: {[url for url, _, _ in web.indexed]}."
                + (f" The page of {skipped_empty[0]} is empty (\"\"), and an empty page is "
                   "still a page: a test such as `if page:` skips it." if skipped_empty else ""))
    for url, _, handed in web.indexed:
        arrived = web.arrived[url]
        if handed > arrived + 1e-9:
            before = [u for u, _, _ in web.indexed if web.arrived[u] > arrived + 1e-9
                      and web.arrived[u] <= handed + 1e-9 and u != url]
            waited = f", after {before[0]} ({web.arrived[before[0]]:g} s) came in" if before else ""
            return (f"{what}: the page of {url} arrived {arrived:g} s after crawl() was called, "
                    f"but on_page got it only at {handed:g} s{waited}. It was ready and waited while your "
                    "code waited for a slower page: executor.map (or waiting on the futures in "
                    "the order they were submitted) hands back results in submission order, so "
                    "one slow page holds back every page after it. Handle each page as soon as "
                    "it arrives (as_completed, wait(FIRST_COMPLETED) or add_done_callback).")
    slow = [url for url in web.urls if web.delay[url] == SLOW]
    if slow:
        slow_arrived = web.arrived[slow[0]]
        late = [url for url, _, handed in web.indexed if url not in slow and handed >= slow_arrived - 1e-9]
        if late:
            return (f"{what}: the slow page arrived {slow_arrived:g} s after crawl() was called, "
                    f"and {len(late)} of the {len(web.urls) - len(slow)} fast pages were indexed only "
                    f"then or later ({', '.join(late)}), although the workers were free to fetch "
                    "them long before. Something made them wait for the slow page: fetching in "
                    "batches and waiting for each batch to finish, for instance. Submit every URL "
                    "and let each worker take the next one as soon as it is free.")
    return None


def require_crawl(count, slow_positions=(), max_workers=None, empty_positions=()):
    module = load_learner_controlled()

    def crawl(web):
        options = {} if max_workers is None else {"max_workers": max_workers}
        return web.crawl_with(module.crawl, **options)

    require_bounded_interleavings(
        setup=lambda: FakeWeb(count, slow_positions, empty_positions),
        threads=[crawl],
        invariant=lambda web: each_page_indexed_once_as_it_arrives(web, max_workers),
        what="crawl()", schedules=6,
        inputs=(count, tuple(slow_positions), max_workers, tuple(empty_positions)),
    )


def check_every_page_indexed_once():
    """All servers are fast: on_page gets every URL once, with its own page, as it arrives"""
    require_crawl(6)


def check_slow_first_page_does_not_hold_back_the_rest():
    """The first server is slow: the other pages are indexed while it loads"""
    require_crawl(6, slow_positions=(0,))


def check_slow_middle_page_does_not_hold_back_the_rest():
    """A server in the middle is slow: the pages after it are indexed while it loads"""
    require_crawl(6, slow_positions=(2,))


def check_more_urls_than_workers():
    """7 URLs on max_workers=2, the second one slow: every page is indexed as it arrives"""
    require_crawl(7, slow_positions=(1,), max_workers=2)


def check_an_empty_page_is_still_a_page():
    """One server answers with an empty page (""): on_page gets it too, once, as it arrives"""
    require_crawl(5, slow_positions=(0,), empty_positions=(3,))
