"""Checks for lesson 11: a blocking call must not stall the event loop.

No clock is read and no duration is compared; every verdict comes from events and
counts.

* The check runs the learner's coroutine on an event loop of its own, in a thread,
  next to a heartbeat task that counts its ticks (one tick per `await
  asyncio.sleep(TICK)`), like the heartbeat a chat bot owes its chat server.
* The fake order desk's `lookup_status` is the blocking call. It knows which thread
  runs the event loop. Called on that thread, it *is* holding the loop: nothing else
  can run until it returns, whatever it does. The check records that and returns at
  once, because waiting could only confirm what is already certain.
* Called on any other thread, a lookup blocks until the heartbeat has ticked
  TICKS_PER_LOOKUP more times. A loop that keeps running ticks right away. A loop
  held some other way (a coroutine waiting in `future.result()` or sleeping in
  `time.sleep` for the worker thread) never ticks: the whole run then comes to rest
  (kata/quiescence.py: every thread blocked), the check sees that at once and lets
  the lookups go with the stall recorded. A lookup cannot finish unless the loop ran
  *during* it.
* Overlap: the lookups of the first two orders wait for each other. Both are
  submitted in the same turn of a loop that starts them together, so the second one
  arrives while the loop ticks a handful of times; OVERLAP_TICKS ticks of a running
  loop (a count of the loop's own turns, not a duration) with no second lookup mean
  the replies are served one after another. Then the first order's lookup waits
  until the second one has returned, so the replies finish in reverse order, and
  reply_all must still return them in the order asked.
* Both public coroutines are exercised: reply_all, and reply on its own.
* A flaky desk: the first lookup of an order raises. Whatever reply does then (let the
  error through, ask again, answer that the desk is down), no lookup may run on the
  loop's thread, a second attempt included.
* In every repetition one conversation asks about an order twice: it gets two replies,
  each at its place (one lookup or two, either is right).
"""

import asyncio
import inspect
import random
import threading
from collections import Counter

from kata import plugin
from kata.inputs import with_a_repeat
from kata.quiescence import CallInThread, Quiescence
from kata.teach import LessonFailure, explain, require_each_once

GUARD = 5.0  # seconds; only code that never blocks and never lets the loop run gets there
TICK = 0.001  # the heartbeat's sleep between ticks
TICKS_PER_LOOKUP = 3  # heartbeat ticks every lookup must see while it blocks
POLLS_OUTLASTED = 3  # sleeps a poller begins again, all else at rest, before it is called stuck
OVERLAP_TICKS = 200  # turns of a running loop within which the second lookup must start
STATUSES = ("shipped", "packed", "out for delivery", "delivered", "waiting for stock")


class Heartbeat:
    """Counts how often the event loop got to run the heartbeat task. Its condition
    is also the one the order desk's lookups wait on."""

    def __init__(self):
        self.ticks = 0
        self.cond = threading.Condition()

    async def run(self):
        while True:
            await asyncio.sleep(TICK)
            with self.cond:
                self.ticks += 1
                self.cond.notify_all()


class DeskBusy(ConnectionError):
    """What a flaky order desk raises."""


class OrderDesk:
    """The legacy synchronous order desk. `lookup_status` blocks, as the real one does."""

    def __init__(self, order_ids, overlap=False, fails_first=False):
        self.order_ids = list(order_ids)
        self.fails_first = fails_first  # a flaky desk: each order's first lookup raises DeskBusy
        self.statuses = {oid: STATUSES[n % len(STATUSES)] for n, oid in enumerate(self.order_ids)}
        self.heartbeat = Heartbeat()
        self.overlap = overlap
        self.loop_thread = None  # set by run_bot once the loop runs
        self.calls = Counter()
        self.on_loop_thread = []  # orders looked up on the event loop's own thread
        self.stalled = []  # (order, ticks seen) when the loop did not tick during a lookup
        self.alone = []  # orders whose lookup met no other lookup in progress
        self.in_progress = 0
        self.most_in_progress = 0
        self.gave_up = False  # the run came to rest: every waiting lookup is let go
        self._lock = threading.Lock()
        self._arrived = 0
        self._second_returned = False

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
            if self.fails_first and self.calls[order_id] == 1:
                raise DeskBusy(f"the order desk is busy; ask again about {order_id}")
            return self.statuses.get(order_id, "unknown order")
        finally:
            with self._lock:
                self.in_progress -= 1

    def _block(self, order_id):
        beat, cond = self.heartbeat, self.heartbeat.cond
        with cond:
            start = beat.ticks
            cond.wait_for(lambda: beat.ticks >= start + TICKS_PER_LOOKUP or self.gave_up)
            if beat.ticks < start + TICKS_PER_LOOKUP:
                self.stalled.append((order_id, beat.ticks - start))
            if not self.overlap or order_id not in self.order_ids[:2]:
                return
            self._arrived += 1
            cond.notify_all()
            start = beat.ticks
            cond.wait_for(lambda: self._arrived >= 2 or beat.ticks >= start + OVERLAP_TICKS
                          or self.gave_up)
            if self._arrived < 2:
                self.alone.append(order_id)
                return
            if order_id == self.order_ids[0]:
                cond.wait_for(lambda: self._second_returned or self.gave_up)
            else:
                self._second_returned = True
                cond.notify_all()

    def give_up(self):
        with self.heartbeat.cond:
            self.gave_up = True
            self.heartbeat.cond.notify_all()

    def expected_replies(self):
        return [f"Order {oid}: {self.statuses[oid]}" for oid in self.order_ids]


def run_bot(learner, desk, entry="reply_all"):
    """Run reply_all(order_ids, desk.lookup_status) (or reply(first order, ...)) on a
    fresh event loop in a thread, with the heartbeat task beside it. Returns what the
    coroutine returned."""

    async def main():
        desk.loop_thread = threading.get_ident()
        beat = asyncio.ensure_future(desk.heartbeat.run())
        try:
            if entry == "reply_all":
                pending = learner.reply_all(list(desk.order_ids), desk.lookup_status)
            else:
                pending = learner.reply(desk.order_ids[0], desk.lookup_status)
            if not inspect.isawaitable(pending):
                explain(
                    f"{entry} is no longer a coroutine function: calling it returned "
                    f"{type(pending).__name__}, not something to await. The bot's event "
                    f"loop awaits {entry}; keep it `async def`.",
                )
            return await pending
        finally:
            beat.cancel()

    with Quiescence(sleeping_is_waiting=True) as quiet:
        call = CallInThread(asyncio.run, main())
        while not quiet.wait_for_return(call, GUARD, outlast_sleeps=POLLS_OUTLASTED) and not desk.gave_up:
            desk.give_up()  # at rest (the loop is held) or busy: let the lookups go
        if not call.finished.is_set():
            explain(f"{entry} did not return, even after every lookup had returned: "
                    + why_still_running(quiet, call), expected="the replies", got="still running")
    return call.result()


def why_still_running(quiet, call):
    if call.thread.ident in quiet.polled_at_rest:
        return (f"the event loop's thread went on polling. It woke from time.sleep (or a wait "
                f"with a timeout) and went back to it {POLLS_OUTLASTED} times with nothing "
                "else running, so the loop never got a turn to run what it was waiting "
                "for (an asyncio future, for one, is completed by the loop itself). In a coroutine, "
                "`await` the future instead of polling it.")
    if quiet.polled_at_rest:
        return ("the event loop's thread stayed blocked while another thread of yours went on "
                "polling with time.sleep (or a wait with a timeout) and nothing else ran.")
    if quiet.settled():
        return ("every thread stopped, the event loop's thread included, waiting for "
                "something that nothing was left to do.")
    return (f"it was still running {GUARD:g} s later without ever waiting (a loop that checks "
            "again and again, without sleeping, for something that never comes).")


def order_ids(rng, count):
    return [f"{rng.choice('ABCDE')}-{number}" for number in rng.sample(range(1000, 9999), count)]


def require_each_order_looked_up_once(desk):
    asked = Counter(desk.order_ids)
    if max(asked.values(), default=0) < 2:
        require_each_once(desk.calls, desk.order_ids, per="lookup per order", counted="lookups",
                          rule="Every order must be looked up at the order desk exactly once.")
        return
    # An order asked about twice may be looked up once or once per question.
    wrong = {oid: desk.calls[oid] for oid in asked if not 1 <= desk.calls[oid] <= asked[oid]}
    if wrong:
        explain("Every order asked about must be looked up at the order desk, at most once "
                "per time it was asked about.",
                expected=f"between 1 and the number of times each order appears in {desk.order_ids}",
                got=f"lookups per order that were not: {wrong}")


def require_replies(desk, replies):
    expected = desk.expected_replies()
    got = list(replies) if isinstance(replies, (list, tuple)) else replies
    if got != expected:
        happened = "reply_all did not return one reply per order, in the order the orders were asked about."
        repeated = sorted(oid for oid, times in Counter(desk.order_ids).items() if times > 1)
        if repeated and isinstance(got, list) and len(got) < len(expected):
            happened = (
                f"reply_all returned {len(got)} replies for {len(expected)} questions: "
                f"{', '.join(repeated)} was asked about more than once (two customers, or "
                "one asking again), and each question needs its own reply, at its own "
                "place in order_ids. Do not drop repeated order ids.")
        if isinstance(got, list) and sorted(map(str, got)) == sorted(expected):
            happened = (
                "reply_all returned the right replies in the wrong order: the order they "
                "finished in, not the order asked. asyncio.gather returns results in the "
                "order of its arguments, however they finish."
            )
        explain(happened, expected=repr(expected), got=repr(replies))


def require_loop_not_held(desk, when=""):
    if desk.on_loop_thread:
        explain(
            when + "lookup_status is a blocking call, and your coroutine called it directly, on "
            "the event loop's own thread. Until it returns the loop can run nothing "
            "else: no other customer's reply, no heartbeat to the chat server. A "
            "coroutine lets others run only at an `await`, and a plain function call is "
            "not one. (Calling it first and passing its *result* to run_in_executor or "
            "to_thread still calls it on the loop.)",
            expected="each lookup run in a worker thread (asyncio.to_thread or "
            "loop.run_in_executor) and awaited, so the loop is free while it blocks",
            got=f"{len(desk.on_loop_thread)} of {sum(desk.calls.values())} lookups ran on the "
            "event loop's thread",
        )
    if desk.stalled:
        order_id, seen = desk.stalled[0]
        explain(
            when + "lookup_status ran in another thread, but the event loop still stood still "
            "while it ran: the heartbeat, which ticks about every millisecond on a "
            "running loop, hardly ticked at all. "
            "Something in your coroutine blocks the loop's thread while it waits for "
            "the worker thread, such as future.result(), concurrent.futures.wait() or "
            "a loop with time.sleep(). "
            "In a coroutine, waiting must be an `await`.",
            expected=f"the heartbeat ticking (at least {TICKS_PER_LOOKUP} ticks) while "
            "every lookup runs",
            got=f"{seen} heartbeat tick(s) during the lookup of {order_id}: the loop's "
            "thread was blocked, and so was every other thread of the bot",
        )


def check_replies_in_order(learner):
    """Every customer gets the status of their own order, in the order asked (two conversations, one asking about an order twice)"""
    rng = random.Random(plugin.RUN.repetition)
    repeats_in = rng.randrange(2)
    for conversation in range(2):
        ids = order_ids(rng, rng.randint(2, 5))
        if conversation == repeats_in:
            ids = with_a_repeat(rng, ids)
        desk = OrderDesk(ids)
        replies = run_bot(learner, desk)
        require_each_order_looked_up_once(desk)
        require_replies(desk, replies)


def check_loop_keeps_running_during_lookups(learner):
    """The event loop keeps running (the heartbeat ticks) while lookups block"""
    rng = random.Random(plugin.RUN.repetition)
    desk = OrderDesk(order_ids(rng, rng.randint(1, 4)))
    replies = run_bot(learner, desk)
    require_loop_not_held(desk)
    require_each_order_looked_up_once(desk)
    require_replies(desk, replies)


def check_reply_alone_keeps_loop_running(learner):
    """reply on its own (not through reply_all) keeps the loop running while its lookup blocks"""
    rng = random.Random(plugin.RUN.repetition)
    desk = OrderDesk(order_ids(rng, 1))
    answer = run_bot(learner, desk, entry="reply")
    require_loop_not_held(desk)
    require_each_order_looked_up_once(desk)
    if answer != desk.expected_replies()[0]:
        explain("reply did not give the customer the status of their order.",
                expected=repr(desk.expected_replies()[0]), got=repr(answer))


def check_lookups_overlap(learner):
    """Two lookups are in progress at the same time, and the replies keep the order asked"""
    rng = random.Random(plugin.RUN.repetition)
    desk = OrderDesk(order_ids(rng, rng.randint(2, 4)), overlap=True)
    replies = run_bot(learner, desk)
    require_loop_not_held(desk)
    if desk.alone:
        explain(
            "The lookups never overlapped: the lookup of the first order waited while the "
            f"event loop went round {OVERLAP_TICKS} times, and no other lookup started. "
            "The customers are served one after another, e.g. because each "
            "lookup is awaited before the next one starts, or the executor has a "
            "single worker thread.",
            expected="both customers' lookups in progress at once (start them all, "
            "then await them together, as asyncio.gather does)",
            got=f"at most {desk.most_in_progress} lookup(s) in progress at a time",
        )
    require_each_order_looked_up_once(desk)
    require_replies(desk, replies)


def check_a_flaky_desk_never_holds_the_loop(learner):
    """When a lookup raises (a flaky order desk), no lookup runs on the event loop: a retry included"""
    rng = random.Random(plugin.RUN.repetition)
    desk = OrderDesk(order_ids(rng, 1), fails_first=True)
    try:
        run_bot(learner, desk, entry="reply")
    except LessonFailure:
        raise
    except Exception:  # noqa: BLE001 - letting the desk's error through is one right answer
        pass
    require_loop_not_held(desk, when=(
        f"After the order desk raised {DeskBusy.__name__} for the first lookup of "
        f"{desk.order_ids[0]} (the desk is flaky at times, as the README says): "))
