"""Checks for lesson 11: a blocking call must not stall the event loop.

No clock is read and no duration is compared; every verdict comes from events.

* The check runs the learner's `reply_all` on an event loop of its own, next to a
  heartbeat task that counts its ticks (one tick per `await asyncio.sleep(TICK)`),
  like the heartbeat a chat bot owes its chat server.
* The fake order desk's `lookup_status` is the blocking call. It knows which thread
  runs the event loop. Called on that thread, it *is* holding the loop: nothing else
  can run until it returns, whatever it does. The check records that and returns at
  once, because waiting could only confirm what is already certain.
* Called on any other thread, a lookup blocks (on a threading.Condition) until the
  heartbeat has ticked TICKS_PER_LOOKUP more times. A loop that keeps running ticks
  right away, so a correct solution never waits long. A loop that is held some other
  way (a coroutine waiting in `future.result()` for the worker thread) never ticks, so
  the lookup gives up after GUARD seconds and the check reports it. Only wrong code
  ever reaches GUARD.

  The lesson's issue asked for "the largest gap of the heartbeat bounded relative to
  the blocking duration, not an absolute time". This design is stronger and needs no
  bound at all: a lookup cannot finish unless the loop ran *during* it.
* Overlap: two lookups meet at a threading.Barrier(2) (again with GUARD), which proves
  both were in progress at the same moment. Then the first order's lookup waits until
  the second one has returned, so the replies finish in reverse order, and reply_all
  must still return them in the order asked.
"""

import asyncio
import inspect
import threading
from collections import Counter

from kata.teach import explain, require_each_once

GUARD = 5.0  # seconds; only reached by code that stalls the loop or never overlaps
TICK = 0.001  # the heartbeat's sleep between ticks
TICKS_PER_LOOKUP = 3  # heartbeat ticks every lookup must see while it blocks
STATUSES = ("shipped", "packed", "out for delivery", "delivered", "waiting for stock")


class Heartbeat:
    """Counts how often the event loop got to run the heartbeat task."""

    def __init__(self):
        self.ticks = 0
        self._cond = threading.Condition()

    async def run(self):
        while True:
            await asyncio.sleep(TICK)
            with self._cond:
                self.ticks += 1
                self._cond.notify_all()

    def wait_for_ticks(self, count, timeout):
        """Block the calling (non-loop) thread until the loop ticked `count` more
        times; returns how many ticks it saw."""
        with self._cond:
            start = self.ticks
            self._cond.wait_for(lambda: self.ticks >= start + count, timeout)
            return self.ticks - start


class OrderDesk:
    """The legacy synchronous order desk. `lookup_status` blocks, as the real one does."""

    def __init__(self, order_ids, heartbeat=None, overlap=False):
        self.order_ids = list(order_ids)
        self.statuses = {oid: STATUSES[n % len(STATUSES)] for n, oid in enumerate(self.order_ids)}
        self.heartbeat = heartbeat
        self.overlap = overlap
        self.loop_thread = None  # set by run_bot once the loop runs
        self.calls = Counter()
        self.on_loop_thread = []  # orders looked up on the event loop's own thread
        self.stalled = []  # (order, ticks seen) when the loop did not tick during a lookup
        self.alone = []  # orders whose lookup met no other lookup in progress
        self.in_progress = 0
        self.most_in_progress = 0
        self._lock = threading.Lock()
        self._meet = threading.Barrier(2)
        self._second_returned = threading.Event()

    def lookup_status(self, order_id):
        with self._lock:
            self.calls[order_id] += 1
            self.in_progress += 1
            self.most_in_progress = max(self.most_in_progress, self.in_progress)
        try:
            if threading.get_ident() == self.loop_thread:
                # Blocking here would stall the loop for certain; nothing to wait for.
                self.on_loop_thread.append(order_id)
            else:
                self._block(order_id)
            return self.statuses.get(order_id, "unknown order")
        finally:
            with self._lock:
                self.in_progress -= 1

    def _block(self, order_id):
        if self.heartbeat is not None and not self.stalled:  # one stall decides the verdict
            seen = self.heartbeat.wait_for_ticks(TICKS_PER_LOOKUP, GUARD)
            if seen < TICKS_PER_LOOKUP:
                self.stalled.append((order_id, seen))
        if self.overlap:
            try:
                self._meet.wait(GUARD)
            except threading.BrokenBarrierError:
                self.alone.append(order_id)
                return
            if order_id == self.order_ids[0]:
                self._second_returned.wait(GUARD)
            else:
                self._second_returned.set()

    def expected_replies(self):
        return [f"Order {oid}: {self.statuses[oid]}" for oid in self.order_ids]


def run_bot(learner, desk, heartbeat=None):
    """Run reply_all(order_ids, desk.lookup_status) on a fresh event loop, with the
    heartbeat task running beside it. Returns what reply_all returned."""

    async def main():
        desk.loop_thread = threading.get_ident()
        beat = asyncio.ensure_future(heartbeat.run()) if heartbeat else None
        try:
            pending = learner.reply_all(list(desk.order_ids), desk.lookup_status)
            if not inspect.isawaitable(pending):
                explain(
                    "reply_all is no longer a coroutine function: calling it returned "
                    f"{type(pending).__name__}, not something to await. The bot's event "
                    "loop awaits reply_all; keep it `async def`.",
                )
            return await pending
        finally:
            if beat is not None:
                beat.cancel()

    return asyncio.run(main())


def require_each_order_looked_up_once(desk):
    require_each_once(desk.calls, desk.order_ids, per="lookup per order", counted="lookups",
                      rule="Every order must be looked up at the order desk exactly once.")


def require_replies(desk, replies):
    expected = desk.expected_replies()
    got = list(replies) if isinstance(replies, (list, tuple)) else replies
    if got != expected:
        happened = "reply_all did not return one reply per order, in the order the orders were asked about."
        if isinstance(got, list) and sorted(map(str, got)) == sorted(expected):
            happened = (
                "reply_all returned the right replies in the wrong order: the order they "
                "finished in, not the order asked. asyncio.gather returns results in the "
                "order of its arguments, however they finish."
            )
        explain(happened, expected=repr(expected), got=repr(replies))


def require_loop_not_held(desk):
    if desk.on_loop_thread:
        explain(
            "lookup_status is a blocking call, and your coroutine called it directly, on "
            "the event loop's own thread. Until it returns the loop can run nothing "
            "else: no other customer's reply, no heartbeat to the chat server. A "
            "coroutine lets others run only at an `await`, and a plain function call is "
            "not one. (Calling it first and passing its *result* to run_in_executor or "
            "to_thread still calls it on the loop.)",
            expected="each lookup run in a worker thread (asyncio.to_thread or "
            "loop.run_in_executor) and awaited, so the loop is free while it blocks",
            got=f"{len(desk.on_loop_thread)} of {len(desk.order_ids)} lookups ran on the "
            "event loop's thread",
        )
    if desk.stalled:
        order_id, seen = desk.stalled[0]
        explain(
            "lookup_status ran in another thread, but the event loop still stood still "
            "while it ran: the heartbeat, which ticks about every millisecond on a "
            "running loop, hardly ticked at all. "
            "Something in your coroutine blocks the loop's thread while it waits for "
            "the worker thread, such as future.result() or concurrent.futures.wait(). "
            "In a coroutine, waiting must be an `await`.",
            expected=f"the heartbeat ticking (at least {TICKS_PER_LOOKUP} ticks) while "
            "every lookup runs",
            got=f"{seen} heartbeat tick(s) during the lookup of {order_id}; the check "
            f"gave up waiting after {GUARD:g} s",
        )


def check_replies_in_order(learner):
    """Every customer gets the status of their own order, in the order asked"""
    desk = OrderDesk(["A-1001", "A-1002", "B-2001", "C-3001"])
    replies = run_bot(learner, desk)
    require_each_order_looked_up_once(desk)
    require_replies(desk, replies)


def check_loop_keeps_running_during_lookups(learner):
    """The event loop keeps running (the heartbeat ticks) while lookups block"""
    heartbeat = Heartbeat()
    desk = OrderDesk(["A-1001", "A-1002", "B-2001"], heartbeat=heartbeat)
    replies = run_bot(learner, desk, heartbeat)
    require_loop_not_held(desk)
    require_each_order_looked_up_once(desk)
    require_replies(desk, replies)


def check_lookups_overlap(learner):
    """Two lookups are in progress at the same time, and the replies keep the order asked"""
    desk = OrderDesk(["A-1001", "B-2001"], overlap=True)
    replies = run_bot(learner, desk)
    require_loop_not_held(desk)
    if desk.alone:
        explain(
            "The lookups never overlapped: each one waited "
            f"{GUARD:g} s for another lookup to be in progress at the same time, and "
            "none came. The customers are served one after another, e.g. because each "
            "lookup is awaited before the next one starts, or the executor has a "
            "single worker thread.",
            expected="both customers' lookups in progress at once (start them all, "
            "then await them together, as asyncio.gather does)",
            got=f"at most {desk.most_in_progress} lookup(s) in progress at a time",
        )
    require_each_order_looked_up_once(desk)
    require_replies(desk, replies)
