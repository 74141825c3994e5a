"""Checks for lesson 01: a hand-made thread job rewritten with an executor.

Nothing is timed. The order in which fetches finish is forced with events
(kata/finish_order.py). Fetches are held until the caller is seen waiting for them
(CallerWatch), so code that returns without waiting is caught with its fetches still
running, every time. The width of the pool is measured by holding the fetches until
the pool is seen at its full width (WidthProbe): a correct pool reaches exactly
max_workers fetches at once, every time, and a wider pool shows its extra fetches,
every time.
"""

import concurrent.futures._base
import concurrent.futures.thread
import queue
import sys
import threading
from collections import Counter
from decimal import Decimal

from kata.finish_order import GRACE, ReverseFinish
from kata.teach import explain, require_each_once


class SupplierError(Exception):
    """What the fake supplier API raises when it has no price for a SKU."""


def make_skus(count):
    return [f"SKU-{1001 + number}" for number in range(count)]


class FakeSupplier:
    """The supplier API: one price per SKU; counts calls and the fetches running at once.

    `hold(supplier)`, if given, is called inside every fetch before it answers."""

    def __init__(self, skus, *, rejects=(), finish=None, hold=None):
        self.skus = list(skus)
        self.prices = {sku: Decimal(f"{10 + number}.99") for number, sku in enumerate(self.skus)}
        self.errors = {sku: SupplierError(f"the supplier has no price for {sku}") for sku in rejects}
        self.finish = finish  # a ReverseFinish, or None
        self.hold = hold
        self.calls = Counter()
        self.running = 0
        self.peak = 0
        self.releases = []  # what to set to let held fetches go
        self._lock = threading.Lock()

    def fetch_price(self, sku):
        with self._lock:
            self.calls[sku] += 1
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            if self.hold is not None:
                self.hold(self)
            if self.finish is not None:
                self.finish.wait_for_successor(sku)
            if sku in self.errors:
                raise self.errors[sku]
            return self.prices[sku]
        finally:
            with self._lock:
                self.running -= 1
            if self.finish is not None:
                self.finish.finished(sku)

    def expected(self):
        return [self.prices[sku] for sku in self.skus]

    def release(self):
        """Let any fetch still waiting go (wrong code may have left some behind)."""
        if self.finish is not None:
            self.finish.release_all()
        for event in self.releases:
            event.set()


THREADING_FILES = {
    module.__file__
    for module in (threading, queue, concurrent.futures._base, concurrent.futures.thread)
}
WAITS = {"result", "exception", "as_completed", "wait", "join", "acquire", "get"}
STARTING = {"start", "submit", "_adjust_thread_count"}  # their waits start threads


class CallerWatch:
    """Notices the moment the caller starts waiting for its workers.

    A sys.setprofile hook on the caller's own thread sees it enter Future.result,
    as_completed, concurrent.futures.wait, Thread.join, Event/Condition.wait,
    Semaphore.acquire, Queue.get/join (and Executor.shutdown(wait=True), which joins).
    The short waits inside Thread.start and Executor.submit do not count: they start
    threads, they do not wait for work. Any correct version has to wait for its
    fetches in one of these ways before it returns; code that forgets to wait never
    does.
    """

    def __init__(self, on_wait=None):
        self.waiting = threading.Event()
        self.on_wait = on_wait
        self._starting = set()  # frames of start/submit the caller is inside of

    def profile(self, frame, event, arg):
        if event == "call":
            code = frame.f_code
            if code.co_filename not in THREADING_FILES:
                return
            if code.co_name in STARTING:
                self._starting.add(frame)
            elif code.co_name in WAITS and not self._starting and not self.waiting.is_set():
                self.waiting.set()
                if self.on_wait is not None:
                    self.on_wait()
        elif event == "return" and self._starting:
            self._starting.discard(frame)


class Call:
    """What one call of refresh_prices did."""

    def __init__(self, learner, skus, supplier, max_workers, watch=None):
        self.supplier = supplier
        self.max_workers = max_workers
        self.before = set(threading.enumerate())
        self.returned = self.raised = None
        if watch is not None:
            sys.setprofile(watch.profile)
        try:
            self.returned = learner.refresh_prices(skus, supplier.fetch_price, max_workers=max_workers)
        except Exception as exc:  # noqa: BLE001 - judged by the check
            self.raised = exc
        finally:
            if watch is not None:
                sys.setprofile(None)
        # Measured the moment the call ended, before any held fetch is let go.
        self.in_flight = supplier.running
        self.leftover = [thread for thread in threading.enumerate()
                         if thread not in self.before and thread.is_alive()]


def call_refresh(learner, skus, supplier, max_workers, watch=None):
    """Call refresh_prices; an exception the check did not ask for is explained."""
    try:
        call = Call(learner, skus, supplier, max_workers, watch)
    finally:
        supplier.release()
    if call.raised is not None:
        explain(
            f"refresh_prices raised {call.raised!r}, although the supplier answered "
            "every SKU.",
            expected="a list of prices",
            got=repr(call.raised),
        )
    return call


def require_finished_before_return(call):
    if call.in_flight:
        explain(
            f"refresh_prices returned while {call.in_flight} fetch(es) were still running. "
            "Their prices cannot be in the list it returned: the last threads were "
            "started but never waited for (a forgotten join).",
            expected="every fetch finished before refresh_prices returns",
            got=f"{call.in_flight} still running",
        )


def require_no_leftover_threads(call):
    if call.leftover:
        names = ", ".join(sorted(thread.name for thread in call.leftover))
        explain(
            f"After refresh_prices returned, {len(call.leftover)} thread(s) it started were "
            f"still alive ({names}). Every thread a function starts must have ended when "
            "it returns. An executor's worker threads live until pool.shutdown(); a "
            "`with ThreadPoolExecutor(...) as pool:` block calls it for you.",
            expected="no thread started by refresh_prices still alive",
            got=names,
        )


def require_each_fetched_once(call):
    require_each_once(call.supplier.calls, call.supplier.skus, per="call per SKU", counted="calls",
                      rule="Every SKU must be fetched exactly once (the supplier charges per call).")


def require_prices_in_order(call):
    supplier, prices = call.supplier, call.returned
    if not isinstance(prices, list):
        explain(
            "refresh_prices must return the prices as a list (the import step indexes "
            "it and the list must be complete when the call returns).",
            expected=f"a list of {len(supplier.skus)} prices",
            got=f"{type(prices).__name__}: {prices!r}",
        )
    expected = supplier.expected()
    if prices == expected:
        return
    if sorted(map(repr, prices)) == sorted(map(repr, expected)):
        finished = getattr(supplier.finish, "finish_order", None)
        happened = (
            "Every price came back, but not in the order of the SKUs, so the import step "
            "stores them on the wrong products."
        )
        if finished:
            happened += (
                " The check made the fetches finish in reverse order "
                f"({', '.join(finished)}): your list follows the order the fetches "
                "finished in, not the order of the input."
            )
        explain(happened, expected=[str(p) for p in expected], got=[str(p) for p in prices])
    missing = [sku for sku in supplier.skus if supplier.prices[sku] not in prices]
    explain(
        f"refresh_prices returned {len(prices)} price(s) for {len(supplier.skus)} SKUs. "
        "The prices of the fetches that had not finished when it returned are missing.",
        expected=f"{len(expected)} prices, one per SKU, in the order of the SKUs",
        got=f"{len(prices)} prices; missing the prices of {missing}",
    )


def check_prices_in_input_order(learner):
    """Fetches that finish in reverse order: the prices still come back in the order of the SKUs"""
    skus = make_skus(4)
    finish = ReverseFinish(skus)
    supplier = FakeSupplier(skus, finish=finish)
    call = call_refresh(learner, skus, supplier, max_workers=4)
    if finish.stalled:
        explain(
            "With max_workers=4 and 4 SKUs, all four fetches must run at the same time. "
            "The check made each fetch wait for the next one to finish, and a fetch "
            f"waited {GRACE:g} s for a fetch that never ran alongside it.",
            expected="4 fetches running at once",
            got=f"at most {supplier.peak} at once",
        )
    require_finished_before_return(call)
    require_prices_in_order(call)
    require_each_fetched_once(call)


def check_many_skus_few_workers(learner):
    """Ten SKUs on three workers: every price, in order, all fetched when it returns"""
    skus = make_skus(10)
    supplier = FakeSupplier(skus)
    call = call_refresh(learner, skus, supplier, max_workers=3)
    require_finished_before_return(call)
    require_prices_in_order(call)
    require_each_fetched_once(call)


def check_supplier_error_reaches_the_caller(learner):
    """The supplier fails for one SKU: that same exception is raised to the caller"""
    skus = make_skus(6)
    bad = skus[2]
    supplier = FakeSupplier(skus, rejects=[bad])
    try:
        call = Call(learner, skus, supplier, max_workers=3)
    finally:
        supplier.release()
    error = supplier.errors[bad]
    if call.raised is None:
        explain(
            f"fetch_price raised {error!r} for {bad}, but refresh_prices returned "
            "normally. An exception in a plain Thread is printed to stderr by "
            "threading.excepthook and then lost: the caller believes every price was "
            "fetched. A Future keeps the exception, and future.result() (or pool.map) "
            "raises it again in the caller.",
            expected=f"refresh_prices raises {error!r}",
            got=f"it returned {call.returned!r}",
        )
    if call.raised is not error:
        explain(
            "refresh_prices raised an exception, but not the one the supplier raised. "
            "Let the original exception propagate (no new exception, no wrapping), so the "
            "caller can catch SupplierError and see its message and traceback.",
            expected=repr(error),
            got=repr(call.raised),
        )
    if call.leftover:
        names = ", ".join(sorted(thread.name for thread in call.leftover))
        explain(
            "refresh_prices raised the supplier's exception, but left threads it started "
            f"running ({names}). Even on the way out with an exception, the pool must be "
            "shut down; a `with` block does that.",
            expected="no thread started by refresh_prices still alive",
            got=names,
        )


def check_returns_only_when_everything_finished(learner):
    """When refresh_prices returns, every fetch has finished and every thread it started has ended"""
    skus = make_skus(3)
    watch = CallerWatch()

    def until_the_caller_waits(supplier):
        watch.waiting.wait(GRACE)  # a guard only: a correct version waits long before

    supplier = FakeSupplier(skus, hold=until_the_caller_waits)
    supplier.releases.append(watch.waiting)
    # max_workers=5 > 3 SKUs: a window of threads that joins the oldest one only once
    # max_workers are running never joins anything here.
    call = call_refresh(learner, skus, supplier, max_workers=5, watch=watch)
    require_finished_before_return(call)
    require_no_leftover_threads(call)
    require_prices_in_order(call)
    require_each_fetched_once(call)


# --- the width of the pool --------------------------------------------------------------


class WidthProbe:
    """Holds every fetch until the pool is seen at its full width.

    The gate opens when more than max_workers fetches run at once (a violation, seen
    for certain), or when max_workers fetches are running, no other thread started by
    the call is alive, and the caller has started waiting for its workers (CallerWatch).
    By then every thread the call will start for the first wave is alive and holds a
    fetch of its own, so a correct pool is let go at exactly max_workers fetches and a
    wider one has shown its extra fetches first. A guard lets everything go after
    GRACE seconds; only a pool narrower than max_workers (or code that never waits)
    reaches it.
    """

    def __init__(self, max_workers):
        self.max_workers = max_workers
        self.open = threading.Event()
        self.watch = CallerWatch(on_wait=self.evaluate)
        self.before = set()
        self.supplier = None
        self.guard_fired = False
        self._lock = threading.Lock()

    def hold(self, supplier):
        self.evaluate()
        if not self.open.wait(GRACE):
            self.guard_fired = True
            self.open.set()

    def evaluate(self):
        with self._lock:
            if self.open.is_set():
                return
            running = self.supplier.running
            if running > self.max_workers:
                self.open.set()
            elif running == self.max_workers and self.watch.waiting.is_set():
                started = [thread for thread in threading.enumerate() if thread not in self.before]
                if len(started) <= running:
                    self.open.set()

    def run(self, learner, skus):
        self.before = set(threading.enumerate())
        self.supplier = FakeSupplier(skus, hold=self.hold)
        self.supplier.releases.append(self.open)
        try:
            call = Call(learner, skus, self.supplier, self.max_workers, self.watch)
        finally:
            self.supplier.release()
        return call


def check_max_workers_respected(learner):
    """max_workers=3: three fetches run at once, never more"""
    skus = make_skus(8)
    probe = WidthProbe(max_workers=3)
    call = probe.run(learner, skus)
    supplier = call.supplier
    if call.raised is not None:
        explain(f"refresh_prices raised {call.raised!r}, although the supplier answered every SKU.",
                got=repr(call.raised))
    if supplier.peak > 3:
        explain(
            "refresh_prices was called with max_workers=3, but more fetches than that ran "
            "at the same time. The caller limits the load on the supplier's API with "
            "max_workers; a pool created without it gets a default size "
            "(min(32, CPUs + 4) threads), and one thread per SKU has no limit at all.",
            expected="at most 3 fetches at once",
            got=f"{supplier.peak} at once",
        )
    if supplier.peak < 3:
        explain(
            f"refresh_prices was called with max_workers=3, but only {supplier.peak} "
            f"fetch(es) ever ran at once: the check held the fetches for {GRACE:g} s "
            "waiting for a third one to start. The work is not spread over max_workers "
            "threads.",
            expected="3 fetches running at once",
            got=f"at most {supplier.peak}",
        )
    require_finished_before_return(call)
    require_prices_in_order(call)
    require_each_fetched_once(call)
