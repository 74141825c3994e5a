"""Checks for lesson 12: no pool worker may wait for a task queued in its own pool.

How the check sees a starved pool, deterministically:

* The learner's `order_totals` runs in a daemon thread of the check (the "caller"). The
  check joins it with GUARD seconds to spare. A correct solution returns within
  milliseconds; only stuck code ever reaches GUARD. Then the check reads
  `sys._current_frames()` to show where each of the learner's threads waits
  (file:line in the learner's module), and unsticks the pool so that no thread is
  left blocked (see `release_stuck_pools`).
* Starvation depends on how the work items happen to line up in the queue, so the
  check lines them up the one way that exposes it. `fetch_lines`, called on a pool
  thread, waits at a gate until (a) every order id has been handed out by the
  `order_ids` sequence (its iteration has ended: the caller submitted every order) and
  (b) min(max_workers, orders) fetches have arrived, i.e. every worker holds an order
  task. Each order task's sub-tasks are then queued behind every order task, and with
  `max_workers` workers all blocked in `.result()`, nothing runs: the stub deadlocks in
  every repetition. A correct solution reaches the gate's condition at once; code that
  fetches one order at a time on a worker thread (correct but unusual) waits FALLBACK
  seconds once, after which the gate stays open. Calls from the caller thread itself
  never wait.
* A bigger pool than `max_workers` is a tempting wrong fix: it deadlocks again as soon
  as there are as many orders as workers, and with fewer orders it breaks the
  service's connection limit. Thanks to the gate, each order task of such a pool runs
  on its own thread, so the check sees more than `max_workers` threads fetching.
"""

import concurrent.futures
import gc
import sys
import threading
from collections import Counter

from kata.plugin import RUN, where
from kata.teach import explain, require_each_once

GUARD = 3.0  # seconds the learner's call gets; milliseconds are enough for correct code
FALLBACK = 1.0  # the gate gives up waiting (correct code that fetches one at a time)

PRICES = {"lamp": 1999, "desk": 14900, "chair": 4950, "rug": 8900, "shelf": 3450, "vase": 1250}
CATALOG = {
    "SO-1001": [("lamp", 2), ("desk", 1)],
    "SO-1002": [("chair", 4), ("rug", 1), ("vase", 3)],
    "SO-1003": [("shelf", 2)],
    "SO-1004": [("vase", 1), ("lamp", 1)],
    "SO-1005": [("desk", 2), ("chair", 2)],
    "SO-1006": [],  # cancelled: no lines, total 0
}


class OrderIds(list):
    """The order ids, telling the gate when the learner's code has taken all of them."""

    def __init__(self, ids, gate):
        super().__init__(ids)
        self._gate = gate
        self._taken = set()

    def _take(self, indexes):
        self._taken.update(indexes)
        if len(self._taken) >= len(self):
            self._gate.all_handed_out()

    def __iter__(self):
        for index in range(len(self)):
            self._taken.add(index)
            yield list.__getitem__(self, index)
        self._gate.all_handed_out()  # the loop body ran for the last id: all submitted

    def __reversed__(self):
        for index in reversed(range(len(self))):
            self._taken.add(index)
            yield list.__getitem__(self, index)
        self._gate.all_handed_out()

    def __getitem__(self, key):
        value = list.__getitem__(self, key)
        self._take(range(len(self))[key] if isinstance(key, slice) else [key % max(len(self), 1)])
        return value


class Gate:
    """Holds fetches on pool threads until every worker holds an order task and
    every order has been submitted (see the module docstring)."""

    def __init__(self, arrivals_needed):
        self._cond = threading.Condition()
        self._arrivals_needed = arrivals_needed
        self._arrivals = 0
        self._handed_out = False
        self.gave_up = False

    def all_handed_out(self):
        with self._cond:
            self._handed_out = True
            self._cond.notify_all()

    def _open(self):
        return self.gave_up or (self._handed_out and self._arrivals >= self._arrivals_needed)

    def pass_through(self):
        with self._cond:
            self._arrivals += 1
            self._cond.notify_all()
            if not self._cond.wait_for(self._open, FALLBACK):
                self.gave_up = True
                self._cond.notify_all()


class Backend:
    """The order database and the pricing service, recording who calls them."""

    def __init__(self, order_ids, max_workers, gated):
        self.order_ids = list(order_ids)
        self.max_workers = max_workers
        self.gate = Gate(min(max_workers, len(self.order_ids))) if gated else None
        self.caller = None  # the thread that runs order_totals
        self.fetch_threads = []  # pool threads that called fetch_lines
        self.price_threads = []
        self.most_fetching_threads = 0  # fetch threads alive at once (caller not counted)
        self.fetches = Counter()
        self.prices_started = 0
        self._lock = threading.Lock()

    def fetch_lines(self, order_id):
        me = threading.current_thread()
        with self._lock:
            self.fetches[order_id] += 1
            if me is not self.caller:
                if me not in self.fetch_threads:
                    self.fetch_threads.append(me)
                alive = sum(thread.is_alive() for thread in self.fetch_threads)
                self.most_fetching_threads = max(self.most_fetching_threads, alive)
        if me is not self.caller and self.gate is not None:
            self.gate.pass_through()
        return list(CATALOG.get(order_id, []))

    def unit_price(self, sku):
        me = threading.current_thread()
        with self._lock:
            self.prices_started += 1
            if me is not self.caller and me not in self.price_threads:
                self.price_threads.append(me)
        return PRICES[sku]

    def lines_needed(self):
        return sum(len(CATALOG[order_id]) for order_id in self.order_ids)

    def expected_totals(self):
        return {oid: sum(PRICES[sku] * qty for sku, qty in CATALOG[oid]) for oid in self.order_ids}


def learner_place(thread, frames):
    """`invoicing.py:21  <source>` for the innermost frame of `thread` in the learner's
    file, or None."""
    frame = frames.get(thread.ident)
    while frame is not None and not RUN.is_learner_file(frame.f_code.co_filename):
        frame = frame.f_back
    return where(frame.f_code.co_filename, frame.f_lineno) if frame is not None else None


def release_stuck_pools(threads):
    """After the verdict: cancel the queued work of every thread pool the stuck threads
    belong to, so that their `.result()` calls raise CancelledError, the workers finish
    and no thread stays blocked for the rest of the grading run. Best effort: it looks
    at ThreadPoolExecutor internals, and any surprise there is ignored."""
    stuck = set(threads)
    try:
        pools = [obj for obj in gc.get_objects() if isinstance(obj, concurrent.futures.ThreadPoolExecutor)]
        for pool in pools:
            if stuck & set(getattr(pool, "_threads", ())):
                pool.shutdown(wait=False, cancel_futures=True)
    except Exception:  # noqa: BLE001 - cleanup must never change the verdict
        pass


def explain_stuck(backend, orders_count):
    frames = sys._current_frames()
    threads = [t for t in [*backend.fetch_threads, *backend.price_threads] if t.is_alive()]
    places = []
    for thread in [*threads, backend.caller]:
        place = learner_place(thread, frames)
        if place and thread.is_alive():
            who = "your order_totals call" if thread is backend.caller else f"worker {thread.name}"
            places.append(f"    {who} waits at {place}")
    release_stuck_pools(threads)
    started, needed = backend.prices_started, backend.lines_needed()
    explain(
        f"order_totals({orders_count} orders, max_workers={backend.max_workers}) never "
        f"returned: after {GUARD:g} s it was still waiting, and {started} of {needed} "
        "price lookups had started. Where your threads wait:\n"
        + ("\n".join(places) if places else "    (no thread is inside invoicing.py)")
        + "\nThis is pool starvation: every worker runs an order task, and each order "
        "task waits (.result()) for price lookups it queued in the same pool, behind "
        "the other order tasks. No worker will ever be free to run them. A bigger pool "
        "only moves the limit: it deadlocks again once there are as many orders as "
        "workers.",
        expected=f"all {orders_count} totals, with no worker thread waiting for a task "
        "queued in its own pool",
        got=f"stuck for {GUARD:g} s; price lookups started: {started} of {needed}",
    )


def run_order_totals(learner, order_ids, max_workers, gated=True):
    """Call order_totals in a thread of its own and return (backend, its result);
    explain a deadlock or a timeout error in the learner's terms."""
    backend = Backend(order_ids, max_workers, gated)
    ids = OrderIds(order_ids, backend.gate) if gated else list(order_ids)
    outcome = {}
    finished = threading.Event()

    def call():
        try:
            outcome["value"] = learner.order_totals(
                ids, backend.fetch_lines, backend.unit_price, max_workers=max_workers
            )
        except BaseException as exc:  # noqa: B902 - handed to the check's thread
            outcome["error"] = exc
        finally:
            finished.set()

    backend.caller = threading.Thread(target=call, name="order_totals caller", daemon=True)
    backend.caller.start()
    if not finished.wait(GUARD):
        explain_stuck(backend, len(order_ids))
    error = outcome.get("error")
    if isinstance(error, (TimeoutError, concurrent.futures.TimeoutError)):
        explain(
            f"order_totals raised {type(error).__name__}: a thread gave up waiting for a "
            "result that could not come, because every worker of the pool was busy "
            "waiting for work queued behind it in the same pool. A timeout turns the "
            "deadlock into an error; it does not let the queued tasks run.",
            expected=f"all {len(order_ids)} totals",
            got=f"{type(error).__name__} instead of the totals",
        )
    if error is not None:
        raise error
    return backend, outcome["value"]


def require_right_totals(backend, totals):
    expected = backend.expected_totals()
    got = dict(totals) if isinstance(totals, dict) else totals
    if got != expected:
        explain(
            "order_totals returned wrong totals. Each order's total is the sum of "
            "unit_price(sku) * quantity over its lines, in cents (an order without lines "
            "totals 0).",
            expected=repr(expected),
            got=repr(totals),
        )
    require_each_once(backend.fetches, backend.order_ids, per="fetch per order", counted="fetches",
                      rule="Each order's lines must be fetched from the order database exactly once.")


def require_connection_limit(backend):
    if backend.most_fetching_threads > backend.max_workers:
        explain(
            f"{backend.most_fetching_threads} threads of your code fetched orders from "
            f"the order database at the same time, but max_workers={backend.max_workers}: "
            "the database accepts no more connections from us. A pool bigger than "
            "max_workers is not a fix for pool starvation: it only hides it until there "
            "are as many orders as workers.",
            expected=f"at most {backend.max_workers} threads fetching orders",
            got=f"{backend.most_fetching_threads} threads fetching orders",
        )


def require_pipeline(learner, orders, max_workers, gated=True):
    backend, totals = run_order_totals(learner, orders, max_workers, gated)
    require_right_totals(backend, totals)
    require_connection_limit(backend)


def check_totals_are_right(learner):
    """Each order's total is the sum of its lines' prices (3 orders, 4 workers)"""
    # No gate: with more workers than orders, a worker is always free for the prices.
    require_pipeline(learner, ["SO-1001", "SO-1002", "SO-1006"], max_workers=4, gated=False)


def check_more_orders_than_workers(learner):
    """More orders than workers (5 orders, max_workers=2): every order is totalled, no deadlock"""
    require_pipeline(learner, ["SO-1001", "SO-1002", "SO-1003", "SO-1004", "SO-1005"], max_workers=2)


def check_single_worker(learner):
    """A single worker (max_workers=1) still gets through 4 orders"""
    require_pipeline(learner, ["SO-1003", "SO-1001", "SO-1005", "SO-1002"], max_workers=1)
