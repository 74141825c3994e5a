"""Checks for lesson 12: no pool worker may wait for a task queued in its own pool.

The learner's order_totals, its pool and every thread they start run under the
controlled scheduler (kata/scheduler) on a virtual clock: the order database and the
pricing service "take" their time with time.sleep, which costs no wall time. The
scheduler knows when every thread is waiting and none can go on: a starved pool is
reported as that deadlock, with where each thread waits, in about a second. How many
threads talk to a service at the same time is counted on the same clock.
"""

import time
from collections import Counter

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
    """One remote service: counts calls, and how many are in progress at once."""

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
            time.sleep(self.seconds)
        finally:
            self.in_progress -= 1
        return self.answer(key)


class Backend:
    """The order database and the pricing service of one order_totals call."""

    def __init__(self, order_ids, max_workers):
        self.order_ids, self.max_workers = list(order_ids), max_workers
        self.orders = Service(FETCH_SECONDS, lambda order_id: list(CATALOG.get(order_id, [])))
        self.pricing = Service(PRICE_SECONDS, lambda sku: PRICES[sku])

    def call(self, module):
        return module.order_totals(list(self.order_ids), self.orders, self.pricing,
                                   max_workers=self.max_workers)

    def describe(self):
        return f"order_totals({len(self.order_ids)} orders, max_workers={self.max_workers})"

    def problem(self, totals):
        """What is wrong with this call's result and traffic, or None."""
        expected = {oid: sum(PRICES[sku] * qty for sku, qty in CATALOG[oid]) for oid in self.order_ids}
        got = dict(totals) if isinstance(totals, dict) else totals
        if got != expected:
            return (f"{self.describe()} returned wrong totals. Each order's total is the sum of "
                    "unit_price(sku) * quantity over its lines, in cents (an order without lines "
                    f"totals 0). Expected {expected!r}; got {totals!r}.")
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
        return None


def require_totals(*calls):
    """Run order_totals once per (order_ids, max_workers), one after the other in a
    thread of the check, under the scheduler."""
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
        return [Backend(order_ids, max_workers) for order_ids, max_workers in calls]

    what = " then ".join(Backend(ids, workers).describe() for ids, workers in calls)
    require_bounded_interleavings(setup=setup, threads=[run_calls], invariant=all_right,
                                  what=what, schedules=4,
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
