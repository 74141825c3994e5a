"""Checks for lesson 05: a slow page must not hold back pages that already arrived.

No timing is measured. The slow server answers only once every fast page has been
indexed (an event). A crawler that handles results in submission order never indexes
the fast pages first, so the slow server gives up waiting after GRACE seconds and the
check reports that. A correct crawler never gets near GRACE.
"""

import threading

from kata.teach import explain

GRACE = 5.0


class FakeWeb:
    def __init__(self, urls, slow_url=None):
        self.urls = list(urls)
        self.slow_url = slow_url
        self.indexed = []  # (url, page) in the order on_page was called
        self.fetches = []
        self.all_fast_indexed = threading.Event()
        self.slow_waited_in_vain = False
        self._lock = threading.Lock()

    @staticmethod
    def page_of(url):
        return f"<html><title>{url}</title></html>"

    def fetch(self, url):
        with self._lock:
            self.fetches.append(url)
        if url == self.slow_url and not self.all_fast_indexed.wait(GRACE):
            self.slow_waited_in_vain = True
        return self.page_of(url)

    def on_page(self, url, page):
        with self._lock:
            self.indexed.append((url, page))
            fast_done = {u for u, _ in self.indexed if u != self.slow_url}
            if len(fast_done) == len(set(self.urls) - {self.slow_url}):
                self.all_fast_indexed.set()


def sites(count):
    return [f"https://site{number}.example/" for number in range(count)]


def require_each_page_indexed_once(web):
    expected = sorted((url, FakeWeb.page_of(url)) for url in web.urls)
    if sorted(web.indexed) != expected:
        explain(
            "When crawl() returned, on_page had not been called exactly once for every "
            "URL with that URL's page.",
            expected=f"{len(web.urls)} calls, one per URL",
            got=f"{len(web.indexed)} calls: {[url for url, _ in web.indexed]}",
        )


def check_every_page_indexed_once(learner):
    """All servers are fast: on_page gets every URL once, with its own page"""
    web = FakeWeb(sites(6))
    learner.crawl(web.urls, web.fetch, web.on_page)
    require_each_page_indexed_once(web)


def require_not_held_back(learner, slow_position):
    urls = sites(6)
    web = FakeWeb(urls, slow_url=urls[slow_position])
    learner.crawl(urls, web.fetch, web.on_page)
    if web.slow_waited_in_vain:
        order = [url for url, _ in web.indexed]
        before = order[: order.index(web.slow_url)] if web.slow_url in order else order
        explain(
            f"The server of URL number {slow_position + 1} ({web.slow_url}) was slow. The "
            "other five pages had arrived, but they were not all indexed until the slow "
            f"one came in (the check waited {GRACE:g} s). executor.map hands back results "
            "in the order the URLs were submitted, so one slow page holds back every "
            "page after it.",
            expected="the five fast pages indexed while the slow page is still loading",
            got=f"indexed before the slow page: {len(before)} of 5",
        )
    require_each_page_indexed_once(web)


def check_slow_first_page_does_not_hold_back_the_rest(learner):
    """The first server is slow: the other pages are indexed while it loads"""
    require_not_held_back(learner, slow_position=0)


def check_slow_middle_page_does_not_hold_back_the_rest(learner):
    """A server in the middle is slow: the pages after it are indexed while it loads"""
    require_not_held_back(learner, slow_position=2)
