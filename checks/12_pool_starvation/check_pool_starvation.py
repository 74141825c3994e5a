"""Checks for lesson 12: no pool worker may wait for a task queued in its own pool.

The learner's order_totals, its pool and every thread they start run under the
controlled scheduler (kata/scheduler) on a virtual clock: the order database and the
pricing service "take" their time with time.sleep, which costs no wall time. The
scheduler knows when every thread is waiting and none can go on: a starved pool is
reported as that deadlock, with where each thread waits, in about a second. How many
threads talk to a service at the same time is counted on the same clock.

Besides the fixed batches, each repetition draws a batch of its own (seeded by the
repetition): an order that lists a sku on two lines, an early order whose fetch takes
longer on the virtual clock (so later orders are fetched first: an order can never be
matched with another's lines by finishing order), distinct totals, more orders than
workers; then a call with a single order of several skus, whose price lookups must be
in progress at the same time (counted, on a clock that only moves when every thread
waits: two lookups submitted together are both in progress before either returns).
"""

import random
import time
from collections import Counter

from kata import plugin

from kata.interleavings import load_learner_controlled, require_bounded_interleavings

FETCH_SECONDS, PRICE_SECONDS = 0.2, 0.1  # virtual time a call to each service takes

PRICES = {"lamp": 1999, "desk": 14900, "chair": 4950, "rug": 8900, "shelf": 3450, "vase": 1250}
CATALOG = {
    "SO-1001": [("lamp", 2), ("desk", 1)],
    "SO-1002": [("chair", 4), ("rug", 1), ("vase", 3)],
    "SO-1003": [("shelf", 2)],
    "SO-1004": [("vase", 1), ("lamp", 1)],
    "SO-1005": [("desk", 2), ("chair", 2)],
    "SO-1006": [],  # cancelled: no lines, total 0
}

STARVATION = (
    "This is pool starvation: every worker runs an order task, and each order task waits "
    "(.result()) for price lookups it queued in the same pool, behind the other order "
    "tasks. No worker will ever be free to run them. A bigger pool only moves the limit: "
    "it deadlocks again once there are as many orders as workers.")
TIMEOUT = (
    "order_totals raised TimeoutError: a thread gave up waiting for a result that could "
    "not come, because every worker of the pool was busy waiting for work queued behind "
    "it in the same pool. A timeout turns the deadlock into an error; it does not let the "
    "queued tasks run.")


class Service:
    """One remote service: counts calls, and how many are in progress at once.
    `seconds(key)`: the virtual time a call about `key` takes."""

    def __init__(self, seconds, answer):
        self.seconds, self.answer = seconds, answer
        self.calls = Counter()
        self.in_progress = 0
        self.most_at_once = 0

    def __call__(self, key):
        self.calls[key] += 1
        self.in_progress += 1
        self.most_at_once = max(self.most_at_once, self.in_progress)
        try:
            time.sleep(self.seconds(key))
        finally:
            self.in_progress -= 1
        return self.answer(key)


class Backend:
    """The order database and the pricing service of one order_totals call.
    `catalog`: {order_id: [(sku, quantity), ...]}; `slow`: {order_id: virtual seconds
    its fetch takes} for the orders that take longer than FETCH_SECONDS."""

    def __init__(self, order_ids, max_workers, catalog=None, slow=None):
        self.order_ids, self.max_workers = list(order_ids), max_workers
        self.catalog = CATALOG if catalog is None else catalog
        self.slow = dict(slow or {})
        self.orders = Service(lambda order_id: self.slow.get(order_id, FETCH_SECONDS),
                              lambda order_id: list(self.catalog.get(order_id, [])))
        self.pricing = Service(lambda sku: PRICE_SECONDS, lambda sku: PRICES[sku])

    def call(self, module):
        return module.order_totals(list(self.order_ids), self.orders, self.pricing,
                                   max_workers=self.max_workers)

    def describe(self):
        return f"order_totals({len(self.order_ids)} orders, max_workers={self.max_workers})"

    def expected(self):
        return {oid: sum(PRICES[sku] * qty for sku, qty in self.catalog[oid]) for oid in self.order_ids}

    def wrong_totals(self, totals):
        """Why `totals` is not expected(), in the learner's terms."""
        expected = self.expected()
        message = (f"{self.describe()} returned wrong totals. Each order's total is the sum of "
                   "unit_price(sku) * quantity over its lines, in cents (an order without lines "
                   "totals 0).")
        if isinstance(totals, dict) and set(totals) == set(expected):
            owner = {total: oid for oid, total in expected.items()}
            for oid in self.order_ids:
                got, lines = totals[oid], self.catalog[oid]
                if got == expected[oid]:
                    continue
                skus = [sku for sku, _ in lines]
                twice = sorted({sku for sku in skus if skus.count(sku) > 1})
                if got in owner and owner[got] != oid:
                    message += (f" {oid} got {got}, the total of {owner[got]}'s lines: orders "
                                "do not finish fetching in the order you asked for them, so "
                                "the n-th fetch to finish (as_completed) is not always the "
                                "n-th order's. Keep each future with "
                                "its own order (e.g. a dict {future: order_id}).")
                elif twice:
                    message += (f" {oid} lists {', '.join(twice)} on more than one line "
                                f"({lines}): each line counts, with its own quantity; "
                                "a dict keyed by sku keeps only one of them.")
                break
        return message + f" Expected {expected!r}; got {totals!r}."

    def problem(self, totals):
        """What is wrong with this call's result and traffic, or None."""
        got = dict(totals) if isinstance(totals, dict) else totals
        if got != self.expected():
            return self.wrong_totals(totals)
        wrong = {oid: self.orders.calls[oid] for oid in self.order_ids if self.orders.calls[oid] != 1}
        if wrong:
            return (f"{self.describe()}: each order's lines must be fetched from the order "
                    f"database exactly once; these were fetched another number of times: {wrong}.")
        for name, service in (("the order database", self.orders), ("the pricing service", self.pricing)):
            if service.most_at_once > self.max_workers:
                return (f"{self.describe()}: {service.most_at_once} threads of your code called "
                        f"{name} at the same time, but it accepts at most max_workers="
                        f"{self.max_workers} connections from us. A pool bigger than max_workers "
                        "(or a pool per order) is not a fix for pool starvation: it only hides it "
                        "until there are as many orders as workers.")
        if self.max_workers >= 2 and len(self.order_ids) >= 2 and self.orders.most_at_once < 2:
            return (f"{self.describe()} fetched the orders one at a time: they should still be "
                    "fetched concurrently, up to max_workers at once.")
        skus = {sku for oid in self.order_ids for sku, _ in self.catalog[oid]}
        if (self.max_workers >= 2 and len(self.order_ids) == 1 and len(skus) >= 2
                and self.pricing.most_at_once < 2):
            oid = self.order_ids[0]
            return (f"{self.describe()}: the order {oid} has {len(skus)} different skus, and "
                    "your code looked their prices up one at a time: never two price "
                    "lookups in progress at once, with workers to spare. The prices of an "
                    "order's lines should still be looked up concurrently: submit them all "
                    "to the pool before waiting for any (from the caller, or on a pool of "
                    "their own), rather than calling unit_price in a loop.")
        return None


def require_totals(*calls):
    """Run order_totals once per (order_ids, max_workers[, catalog, slow]) (the
    arguments of Backend), one after the other in a thread of the check, under the
    scheduler."""
    module = load_learner_controlled()

    def run_calls(backends):
        for backend in backends:
            backend.totals = backend.call(module)

    def all_right(backends):
        for backend in backends:
            problem = backend.problem(backend.totals)
            if problem:
                return problem
        return None

    def setup():
        return [Backend(*call) for call in calls]

    what = " then ".join(Backend(*call).describe() for call in calls)
    require_bounded_interleavings(setup=setup, threads=[run_calls], invariant=all_right,
                                  what=what, schedules=4, inputs=repr(calls),
                                  after_deadlock=f"{what} never returned. {STARVATION}",
                                  after_exception={"TimeoutError": TIMEOUT})


def check_totals_are_right():
    """Each order's total is the sum of its lines' prices (3 orders, 4 workers)"""
    require_totals((["SO-1001", "SO-1002", "SO-1006"], 4))


def check_more_orders_than_workers():
    """More orders than workers (5 orders, max_workers=2): every order is totalled, no deadlock"""
    require_totals((["SO-1001", "SO-1002", "SO-1003", "SO-1004", "SO-1005"], 2))


def check_single_worker():
    """A single worker (max_workers=1) still gets through 4 orders"""
    require_totals((["SO-1003", "SO-1001", "SO-1005", "SO-1002"], 1))


def check_two_runs_in_a_row():
    """Two calls in a row with other orders and another max_workers: each gets its own totals"""
    require_totals((["SO-1004", "SO-1002", "SO-1006"], 3), (["SO-1005", "SO-1003", "SO-1001", "SO-1004"], 2))


def check_no_orders():
    """No orders at all: the totals are an empty dict"""
    require_totals(([], 2))


SLOW_FETCH_SECONDS = 1.0  # virtual: longer than two fetches one after the other


def drawn_batch(rng):
    """(order_ids, max_workers, catalog, slow) for this repetition: more orders than
    workers, each with its own distinct total; one order lists a sku on two lines; one
    order of the first wave (fetched from the start) is slow to fetch, so orders
    submitted after it are fetched before it."""
    skus = sorted(PRICES)
    max_workers = rng.randint(2, 3)
    count = max_workers + rng.randint(1, 2)
    while True:
        order_ids = [f"SO-{number}" for number in rng.sample(range(2000, 9999), count)]
        catalog = {oid: [(sku, rng.randint(1, 4)) for sku in rng.sample(skus, rng.randint(1, 2))]
                   for oid in order_ids}
        twice = rng.choice(order_ids)
        sku, _ = rng.choice(catalog[twice])
        catalog[twice].insert(rng.randint(0, len(catalog[twice])), (sku, rng.randint(1, 4)))
        totals = [sum(PRICES[sku] * qty for sku, qty in catalog[oid]) for oid in order_ids]
        if len(set(totals)) == len(totals):
            break
    slow = {order_ids[rng.randrange(max_workers)]: SLOW_FETCH_SECONDS}
    return order_ids, max_workers, catalog, slow


def drawn_single_order(rng):
    """(order_ids, max_workers, catalog) of one order with 2-3 different skus."""
    oid = f"SO-{rng.randint(2000, 9999)}"
    lines = [(sku, rng.randint(1, 4)) for sku in rng.sample(sorted(PRICES), rng.randint(2, 3))]
    return [oid], rng.randint(2, 4), {oid: lines}


def check_drawn_batch_then_one_big_order():
    """A batch drawn for this repetition (a sku on two lines, an early order fetched last), then one order of several skus whose prices are looked up at once"""
    rng = random.Random(plugin.RUN.repetition)
    require_totals(drawn_batch(rng), drawn_single_order(rng))
