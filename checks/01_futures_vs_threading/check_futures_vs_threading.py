"""Checks for lesson 01: a hand-made thread job rewritten with an executor.

Nothing is timed. Every fetch is held until the check lets it finish (kata/held_calls.py):
each time the learner's code has come to rest (every thread it started is blocked), the
check looks at the fetches running, then lets one of them finish, chosen at random
(seeded by the repetition), the one that started last first. So, in every run:

* a pool wider than max_workers shows its extra fetches, a narrower one (or work done
  in groups of max_workers, or a window that waits for its oldest thread) is seen
  resting with fewer fetches running than it may;
* prices gathered in the order the fetches finish come out in the wrong order;
* code that returns without waiting for its fetches returns while they are held.

The sizes (SKUs, max_workers) are drawn from the repetition number, more SKUs than
workers and fewer, and refresh_prices is called twice in a row with different ones.
"""

import random
import threading
from collections import Counter
from decimal import Decimal

from kata import plugin
from kata.held_calls import HeldCalls, drive, outlasted_note, require_came_to_an_end
from kata.inputs import with_a_repeat
from kata.teach import explain, require_each_once


class SupplierError(Exception):
    """What the fake supplier API raises when it has no price for a SKU."""


def make_skus(count, first=1001):
    return [f"SKU-{first + number}" for number in range(count)]


class FakeSupplier:
    """The supplier API: one price per SKU; every fetch is held until the check lets it go."""

    def __init__(self, skus, *, rejects=()):
        self.skus = list(skus)
        self.prices = {sku: Decimal(f"{10 + number}.99") for number, sku in enumerate(self.skus)}
        self.errors = {sku: SupplierError(f"the supplier has no price for {sku}") for sku in rejects}
        self.held = HeldCalls()
        self.calls = Counter()
        self._lock = threading.Lock()

    def fetch_price(self, sku):
        with self._lock:
            self.calls[sku] += 1
        with self.held.call(sku):
            if sku in self.errors:
                raise self.errors[sku]
            return self.prices[sku]

    def expected(self):
        return [self.prices[sku] for sku in self.skus]


def scenario(skus, max_workers):
    return f"refresh_prices({len(skus)} SKUs, max_workers={max_workers})"


def width_watch(supplier, max_workers, keep_full=True):
    """on_rest for drive(): never more than max_workers fetches at once; and, unless an
    error may stop the job early, as many as may run (max_workers, or all that are left)."""
    skus = supplier.skus
    call = scenario(skus, max_workers)

    def on_rest(rest):
        running = len(rest.running)
        if running > max_workers:
            explain(
                f"{call}: {running} fetches ran at the same time ({', '.join(rest.running)}). "
                "The caller limits the load on the supplier's API with max_workers; a pool "
                "created without it gets a default size (min(32, CPUs + 4) threads), and one "
                "thread per SKU has no limit at all.",
                expected=f"at most {max_workers} fetches at once",
                got=f"{running} at once",
            )
        should = min(max_workers, len(skus) - rest.finished)
        if not keep_full or running >= should:
            return
        if rest.finished == 0:
            happened = (
                f"{call}: your code stopped and waited with only {running} fetch(es) "
                f"running ({', '.join(rest.running) or 'none'}), although {should} may run "
                "at once. The work is not spread over max_workers threads."
            )
        else:
            done = ", ".join(supplier.held.finish_order)
            happened = (
                f"{call}: after {done} finished, your code waited with only {running} "
                f"fetch(es) running ({', '.join(rest.running) or 'none'}) while "
                f"{len(skus) - rest.started} SKU(s) were still waiting to be fetched. It "
                "waits for one particular fetch (the oldest, or a whole group of "
                "max_workers) before it starts the next. A pool starts the next fetch as "
                "soon as any worker is free, so max_workers fetches keep running."
            )
        explain(happened, expected=f"{should} fetches running at once",
                got=f"{running} running")

    return on_rest


def refresh(learner, supplier, max_workers, keep_full=True):
    """Drive one call of refresh_prices and judge how it ran: width, waiting, threads."""
    skus = supplier.skus
    drove = drive(supplier.held, learner.refresh_prices, list(skus), supplier.fetch_price,
                  max_workers=max_workers, seed=plugin.RUN.repetition, outlast_sleeps=True,
                  on_rest=width_watch(supplier, max_workers, keep_full))
    call = scenario(skus, max_workers)
    require_came_to_an_end(drove, call, "refresh_prices", "fetches",
                           "wait for the fetches by blocking (pool.map, future.result(), join)")
    if drove.running_at_return:
        explain(
            f"{call}: refresh_prices returned while {len(drove.running_at_return)} fetch(es) "
            f"were still running ({', '.join(drove.running_at_return)}). Their prices cannot "
            "be in the list it returned: threads were started but never waited for (a "
            "forgotten join, or shutdown(wait=False))."
            + outlasted_note(drove, "fetches", "the supplier's API"),
            expected="every fetch finished before refresh_prices returns",
            got=f"{len(drove.running_at_return)} still running",
        )
    if drove.leftover:
        names = ", ".join(sorted(thread.name for thread in drove.leftover))
        explain(
            f"{call}: when refresh_prices returned, {len(drove.leftover)} thread(s) it "
            f"started were still alive ({names}). Every thread a function starts must have "
            "ended when it returns. An executor's worker threads live until "
            "pool.shutdown(); a `with ThreadPoolExecutor(...) as pool:` block calls it for you.",
            expected="no thread started by refresh_prices still alive",
            got=names,
        )
    return drove


def require_every_price(drove, supplier, max_workers):
    call = scenario(supplier.skus, max_workers)
    if drove.raised is not None:
        explain(f"{call}: refresh_prices raised {drove.raised!r}, although the supplier "
                "answered every SKU.", expected="a list of prices", got=repr(drove.raised))
    prices = drove.call.result()
    require_each_once(supplier.calls, supplier.skus, per="call per SKU", counted="calls",
                      rule=f"{call}: every SKU must be fetched exactly once (the supplier "
                      "charges per call).")
    if not isinstance(prices, list):
        explain(
            f"{call}: refresh_prices must return the prices as a list (the import step "
            "indexes it and the list must be complete when the call returns).",
            expected=f"a list of {len(supplier.skus)} prices",
            got=f"{type(prices).__name__}: {prices!r}"[:200],
        )
    expected = supplier.expected()
    if prices == expected:
        return
    if sorted(map(repr, prices)) == sorted(map(repr, expected)):
        explain(
            f"{call}: every price came back, but not in the order of the SKUs, so the "
            "import step stores them on the wrong products. The fetches finished in the "
            f"order {', '.join(supplier.held.finish_order)}: your list follows the order "
            "the fetches finished in, not the order of the input. pool.map yields in "
            "input order; as_completed and a shared list do not.",
            expected=[str(p) for p in expected], got=[str(p) for p in prices])
    missing = [sku for sku in supplier.skus if supplier.prices[sku] not in prices]
    explain(
        f"{call}: refresh_prices returned {len(prices)} price(s) for {len(supplier.skus)} SKUs.",
        expected=f"{len(expected)} prices, one per SKU, in the order of the SKUs",
        got=f"{len(prices)} prices; missing the prices of {missing}",
    )


def sizes(rng, more_skus_than_workers):
    workers = rng.randint(1, 4) if more_skus_than_workers else rng.randint(2, 5)
    count = rng.randint(workers + 1, 3 * workers + 2) if more_skus_than_workers \
        else rng.randint(2, workers)
    return count, workers


def two_calls(learner, more_skus_than_workers):
    """Two calls in a row with different sizes (a pool or a list kept from the first
    call must not serve the second)."""
    rng = random.Random(plugin.RUN.repetition)
    first = sizes(rng, more_skus_than_workers)
    second = sizes(rng, more_skus_than_workers)
    while second[1] == first[1]:
        second = sizes(rng, more_skus_than_workers)
    for number, (count, workers) in enumerate((first, second)):
        supplier = FakeSupplier(make_skus(count, first=1001 + 100 * number))
        drove = refresh(learner, supplier, workers)
        require_every_price(drove, supplier, workers)


def check_prices_in_input_order(learner):
    """Fetches finish in another order than they started: the prices still come back in the order of the SKUs"""
    two_calls(learner, more_skus_than_workers=False)


def check_max_workers_kept_busy_never_exceeded(learner):
    """More SKUs than workers: exactly max_workers fetches run at once until the last ones, never more"""
    two_calls(learner, more_skus_than_workers=True)


def check_supplier_error_reaches_the_caller(learner):
    """The supplier fails for one SKU: that same exception is raised to the caller, with no thread left behind"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng, more_skus_than_workers=True)
    skus = make_skus(count)
    bad = rng.choice(skus)
    supplier = FakeSupplier(skus, rejects=[bad])
    drove = refresh(learner, supplier, workers, keep_full=False)
    error = supplier.errors[bad]
    call = scenario(skus, workers)
    if drove.raised is None:
        explain(
            f"{call}: fetch_price raised {error!r} for {bad}, but refresh_prices returned "
            "normally. An exception in a plain Thread is printed to stderr by "
            "threading.excepthook and then lost: the caller believes every price was "
            "fetched. A Future keeps the exception, and future.result() (or pool.map) "
            "raises it again in the caller.",
            expected=f"refresh_prices raises {error!r}",
            got=f"it returned {drove.call.result()!r}"[:300],
        )
    if drove.raised is not error:
        explain(
            f"{call}: refresh_prices raised an exception, but not the one the supplier "
            "raised. Let the original exception propagate (no new exception, no wrapping), "
            "so the caller can catch SupplierError and see its message and traceback.",
            expected=repr(error),
            got=repr(drove.raised),
        )


def check_no_skus_and_a_repeated_sku(learner):
    """No SKUs give an empty list; a SKU listed twice gets its price at both places"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng, more_skus_than_workers=rng.random() < 0.5)
    empty = FakeSupplier([])
    drove = refresh(learner, empty, workers)
    if drove.raised is not None:
        explain(f"refresh_prices([], max_workers={workers}) raised {drove.raised!r}. With no "
                "SKUs there is nothing to fetch, and the price list is empty. (A pool needs "
                "at least one worker: max_workers=min(max_workers, len(skus)) is 0 here.)",
                expected="[]", got=repr(drove.raised))
    if drove.call.result() != []:
        explain(f"refresh_prices([], max_workers={workers}) must return an empty list.",
                expected="[]", got=repr(drove.call.result())[:200])
    skus = with_a_repeat(rng, make_skus(count))
    supplier = FakeSupplier(skus)
    drove = refresh(learner, supplier, workers)
    call = scenario(skus, workers)
    if drove.raised is not None:
        explain(f"{call}: refresh_prices raised {drove.raised!r}.", expected="a list of prices",
                got=repr(drove.raised))
    repeated = next(sku for sku, times in Counter(skus).items() if times > 1)
    fetched = supplier.calls[repeated]
    if not 1 <= fetched <= 2 or any(supplier.calls[sku] != 1 for sku in set(skus) - {repeated}):
        explain(f"{call}: every SKU must be fetched once ({repeated}, listed twice, once or twice).",
                expected="1 call per SKU", got=f"calls: {dict(supplier.calls)}")
    prices = drove.call.result()
    if prices != supplier.expected():
        explain(
            f"{call}: {repeated} is listed twice, and its price belongs at both of its places "
            "in the list (the import step matches prices to SKUs by position). Look a SKU's "
            "price up by its position, not by `skus.index(sku)` or a dict keyed by SKU that "
            "keeps one entry.",
            expected=[str(price) for price in supplier.expected()],
            got=[str(price) for price in prices] if isinstance(prices, list) else repr(prices)[:200],
        )
