"""Checks for lesson 14: once the answer is known, queued work must not run.

No timing is measured; the check decides when each search may finish.

* The stop (the order found, or a shard down) happens in the search that starts while
  max_workers - 1 others are running, once the run has come to rest with all of them
  running (every thread of the run blocked, see kata/quiescence.py): find_first is
  then waiting for them, and how it waits is seen. A find_first inside time.sleep at
  that rest polls (sleep, look at done(), sleep again): the README rules that out, as
  it notices the stop only at its next look. A rest with fewer than max_workers
  searches running, or a search started beyond max_workers, fails the check. Those
  searches keep running until find_first has reacted:
  until it has returned, or has come to rest waiting for them (every thread of the
  run blocked, see kata/quiescence.py). By then a correct find_first has cancelled the
  queue.
* The worker that ran the stopping search is free at once, and may pick up one more
  search before find_first can cancel anything. That one is allowed, and it also
  keeps running until find_first has reacted.
* Any other search that starts after the stop came from the queue and was not
  cancelled. It is held until find_first returns, so a find_first that waits for the
  whole queue cannot return: the check notices with a guard join on its thread (only
  wrong code gets there). Such a start after find_first returned is reported as such.

Every call gets its own max_workers: the hit is checked twice, the second time with
more workers than any other call of the lesson uses (MOST_WORKERS), so a pool created
once and kept between calls is always seen running fewer than the call asks for.

A shard's order may be falsy (0, "", an empty record): one of the two lookups of
check_finds_the_order always finds such an order, which is not None all the same.
"""

import random
import threading
import time
from collections import Counter

from kata import plugin
from kata.quiescence import CallInThread, Quiescence
from kata.teach import explain

GRACE = 2.0  # guard: only code that never blocks (a busy loop) makes a check wait this long
MOST_WORKERS = 4  # sizes() draws max_workers up to this; one call asks for more
FALSY_ORDERS = (0, "", {}, [])  # orders that are not None, though `if order:` skips them

BEFORE_STOP = "before the stop"
PICKED = "picked up by the free worker before find_first could react"
QUEUED = "from the queue after the stop"
AFTER_RETURN = "after find_first returned"


class ShardDown(Exception):
    """What a search raises when its shard does not answer."""


def shard_names(count):
    return [f"shard-{number:02d}" for number in range(count)]


def order_on(shard):
    return {"order": 4711, "customer": "Ada Lovelace", "shard": shard}


class Cluster:
    """Shards whose searches the check controls (see the module docstring)."""

    def __init__(self, count, concurrent, fail=False):
        self.shards = shard_names(count)
        self.concurrent = concurrent
        self.fail = fail
        self.starts = []  # (shard, phase)
        self.stop_shard = None
        self.error = None
        self.order = None
        self.reacted = False  # find_first came to rest after the stop (or returned)
        self.returned = False
        self.gave_up = False  # the check stopped waiting for find_first
        self.alone = False  # the run came to rest before max_workers searches ran at once
        self.asleep_before_stop = 0  # threads of the run in time.sleep at the rest before the stop
        self.running_at_rest = None  # searches running when the run rested with fewer than max_workers
        self.running_at_stop = 0  # searches started before the stop (all of them still running)
        self._go = False  # the stopping search may stop now
        self._early = 0
        self._free = set()  # workers that finished a search after the stop, before the reaction
        self._cond = threading.Condition(threading.Lock())

    def search(self, shard):
        me = threading.get_ident()
        stop_here = False
        with self._cond:
            if self.stop_shard is None:
                phase = BEFORE_STOP
            elif me in self._free:
                phase = PICKED
                self._free.discard(me)
            else:
                phase = AFTER_RETURN if self.returned else QUEUED
            self.starts.append((shard, phase))
            if phase == BEFORE_STOP:
                self._early += 1
                if self._early == self.concurrent:
                    # Held until the run has come to rest (see wait_for_stop).
                    self._cond.wait_for(lambda: self._go or self.alone)
                    if self._go:
                        stop_here = True
                        self.running_at_stop = self._early
                        self.stop_shard = shard
                        self.error = ShardDown(f"{shard} does not answer")
                        self.order = order_on(shard)
                        self._free.add(me)
                        self._cond.notify_all()
                else:
                    self._cond.wait_for(lambda: self.stop_shard is not None or self.alone)
                    if self.stop_shard is not None:
                        self._cond.wait_for(lambda: self.reacted or self.returned, 4 * GRACE)
            elif phase == PICKED:
                self._cond.wait_for(lambda: self.reacted or self.returned, 4 * GRACE)
            elif phase == QUEUED:
                self._cond.wait_for(lambda: self.returned or self.gave_up, 4 * GRACE)
        if stop_here and self.fail:
            raise self.error
        return self.order if stop_here else None

    def _set(self, name):
        with self._cond:
            setattr(self, name, True)
            self._cond.notify_all()

    def wait_for_stop(self, quiet):
        """True once the stop has happened: the run came to rest with (at least)
        max_workers searches running, and the stopping search was let go. False if
        find_first returned first, or the run came to rest before max_workers searches
        ran at once, or it never came to rest (a busy loop); then every search is let
        go."""
        deadline = time.monotonic() + GRACE
        try:
            while True:
                with self._cond:
                    if self._cond.wait_for(lambda: self.returned, 0.0005):
                        return False
                if quiet.settled():
                    asleep = len(quiet.asleep_at_rest)  # from the very snapshot at rest
                    with self._cond:
                        if self.returned:
                            # It returned after the look above: its threads may have
                            # ended before settled() looked (at rest with none left).
                            return False
                        if self._early < self.concurrent:
                            self.running_at_rest = self._early
                            return False
                        self.asleep_before_stop = asleep
                        self._go = True
                        self._cond.notify_all()
                        return self._cond.wait_for(lambda: self.stop_shard is not None, GRACE)
                if time.monotonic() > deadline:
                    return False
        finally:
            if self.stop_shard is None:
                self._set("alone")

    def started(self, phase):
        with self._cond:
            return [shard for shard, when in self.starts if when == phase]


def names(shards):
    return ", ".join(shards[:6]) + (f" and {len(shards) - 6} more" if len(shards) > 6 else "")


def run_stop(learner, count, workers, fail):
    cluster = Cluster(count, workers, fail=fail)
    with Quiescence(sleeping_is_waiting=True) as quiet:
        call = CallInThread(learner.find_first, cluster.shards, cluster.search,
                            max_workers=workers, after=lambda: cluster._set("returned"))
        try:
            stopped = cluster.wait_for_stop(quiet)
            rested = stopped and quiet.wait_until_settled(GRACE)
        finally:
            cluster._set("reacted")  # the running searches may finish now
        returned = quiet.wait_for_return(call, GRACE)
        waited_for = cluster.started(QUEUED)
        never_started = len(cluster.shards) - len(cluster.starts)
        if returned:
            quiet.wait_until_settled(GRACE)  # whatever starts after the return, starts now
        else:
            cluster._set("gave_up")
            call.join(GRACE)

    stop = "a shard failed" if fail else "the order was found"
    call_text = f"find_first({count} shards, max_workers={workers})"
    kept_pool = ("(A pool created once and kept between calls keeps the max_workers of the "
                 "call that created it: create the pool in find_first, for this call.)")
    if cluster.running_at_rest is not None:
        running = cluster.running_at_rest
        explain(
            f"{call_text} never had {workers} searches running at the same time. The "
            f"check held the searches until {workers} were running, and your code came "
            f"to rest (every thread blocked) with only {running} running. The shards "
            f"are asked concurrently, up to max_workers at a time. {kept_pool}",
            expected=f"{workers} searches running at once",
            got=f"{running} search(es) running, then nothing more happened",
        )
    if cluster.running_at_stop > workers:
        explain(
            f"{call_text} ran {cluster.running_at_stop} searches at the same time, more "
            f"than max_workers={workers}: up to max_workers shards are asked at a time, "
            "the others wait in the pool's queue, where they can still be cancelled. (A "
            "thread per shard runs them all at once; a pool kept from an earlier call "
            "keeps that call's max_workers.)",
            expected=f"at most {workers} searches running at once",
            got=f"{cluster.running_at_stop} running",
        )
    if stopped and cluster.asleep_before_stop:
        explain(
            f"{call_text}: while {workers} searches were running, find_first came to "
            "rest inside time.sleep: it waits for the searches by sleeping and looking "
            "at their futures again. It notices the order (or a shard's error) only at "
            "its next look, and meanwhile the free workers go on through the queue.",
            expected="find_first blocked until a search completes (as_completed, "
            "wait(..., return_when=FIRST_COMPLETED)), so it reacts the moment it happens",
            got="time.sleep in a loop",
            revisit="the README: notice the stop when it happens, not in a loop that polls "
            "done()",
        )
    if not stopped:
        if call.raised is not None:
            call.result()  # the learner's own exception: reported with its traceback
        explain(f"find_first did not run {workers} searches at once.",
                got=f"searches started: {len(cluster.starts)}")
    if not returned:
        explain(
            f"{stop.capitalize()} ({cluster.stop_shard}), but find_first did not "
            f"{'raise' if fail else 'return'}: it was waiting for the searches of "
            f"{names(waited_for)}, which started from the pool's queue after that "
            f"({never_started} more were still queued). A queued task runs "
            "unless its future is cancelled, and leaving a `with ThreadPoolExecutor(...)` "
            "block calls shutdown(wait=True), which runs the whole queue first. (Also "
            "notice the stop when it happens: waiting for the futures in submission "
            "order sits on a slow search while the queue keeps running.)",
            expected="the queued searches cancelled; only the ones already running awaited",
            got=f"still waiting, after {stop}, for searches that should never have "
            "started",
        )
    late = cluster.started(QUEUED)
    if late:
        explain(
            f"After {stop} ({cluster.stop_shard}), the queued searches of {names(late)} "
            "still started. Their futures were not cancelled before a worker picked "
            "them up.",
            expected="no queued search starts once find_first knows the outcome",
            got=f"{len(late)} started",
        )
    after = cluster.started(AFTER_RETURN)
    if after:
        explain(
            f"find_first returned, but the pool kept working through its queue: the "
            f"searches of {names(after)} started after the return. Returning (or "
            "shutdown(wait=False)) does not stop queued tasks; cancelling their futures "
            "does.",
            expected="no search starts after find_first returned",
            got=f"{len(after)} started after the return",
        )
    if not rested:
        explain(
            f"After {stop}, find_first kept running for {GRACE:g} s without returning or "
            "waiting (a loop that checks futures again and again burns a CPU core).",
            expected="cancel the queued searches, then return or block until the "
            "running ones are done",
            got=f"still busy after {GRACE:g} s",
        )
    return cluster, call


def counting_search(order_shard=None, order=None):
    """A search that finds `order` only on `order_shard`, and counts its starts."""
    starts = Counter()
    lock = threading.Lock()

    def search(shard):
        with lock:
            starts[shard] += 1
        return order if shard == order_shard else None

    return search, starts


def sizes(rng):
    workers = rng.randint(1, MOST_WORKERS)
    return rng.randint(workers + 2, 4 * workers + 4), workers


def require_found(learner, count, workers, order_shard, order=None):
    shards = shard_names(count)
    if order_shard is not None and order is None:
        order = order_on(order_shard)
    search, starts = counting_search(order_shard, order)
    found = learner.find_first(shards, search, max_workers=workers)
    call = f"find_first({count} shards, max_workers={workers})"
    if order_shard is None and found is not None:
        explain(f"{call}: no shard had the order, but find_first did not return None.",
                got=repr(found))
    if order_shard is not None and not order and found is None:
        explain(
            f"{call}: the search of {order_shard} returned {order!r}, the only result "
            "that was not None, but find_first returned None. A falsy result is still a "
            "result: `if order:` skips 0, '', {} and []; `if order is not None:` does not.",
            expected=repr(order), got="None",
            revisit="the README: find_first returns the first result that is not None",
        )
    if order_shard is not None and (type(found) is not type(order) or found != order):
        explain(f"{call}: find_first did not return the order {order_shard} found.",
                expected=repr(order), got=repr(found))
    if any(number > 1 for number in starts.values()):
        explain(f"{call}: some shards were searched more than once.",
                got=str({shard: number for shard, number in starts.items() if number > 1}))
    if order_shard is None and starts != Counter(shards):
        explain(f"{call}: when no shard has the order, every shard must be searched exactly once.",
                expected=f"{count} searches, one per shard",
                got=f"{sum(starts.values())} searches over {len(starts)} shards")


def check_finds_the_order(learner):
    """The order is on one of the shards: find_first returns it, even a falsy one, searching no shard twice (two calls)"""
    rng = random.Random(plugin.RUN.repetition)
    falsy_call = rng.randrange(2)  # one of the two orders is falsy (0, "", ...), every run
    for number in range(2):
        count, workers = sizes(rng)
        order_shard = f"shard-{rng.randrange(count):02d}"
        order = rng.choice(FALSY_ORDERS) if number == falsy_call else order_on(order_shard)
        require_found(learner, count, workers, order_shard, order)


def check_no_order_searches_every_shard(learner):
    """No shard has the order: every shard is searched once and find_first returns None (two calls)"""
    rng = random.Random(plugin.RUN.repetition)
    for _ in range(2):
        require_found(learner, *sizes(rng), order_shard=None)


def check_queued_searches_cancelled_after_the_hit(learner):
    """The order is found while other searches run: no queued search starts, and find_first returns it (two calls, the second with more workers than any other)"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    # The second call asks for more workers than any call before it in the whole run.
    more = rng.randint(MOST_WORKERS + 1, MOST_WORKERS + 2)
    for count, workers in ((count, max(workers, 2)), (rng.randint(more + 2, 3 * more), more)):
        cluster, call = run_stop(learner, count=count, workers=workers, fail=False)
        found = call.result()
        if found != cluster.order:
            explain("find_first did not return the order the shard found.",
                    expected=repr(cluster.order), got=repr(found))


def check_queued_searches_cancelled_after_a_failure(learner):
    """A shard is down while other searches run: no queued search starts, and its error is raised"""
    rng = random.Random(plugin.RUN.repetition + 1000)
    count, workers = sizes(rng)
    cluster, call = run_stop(learner, count=count, workers=workers, fail=True)
    if call.raised is not cluster.error:
        if call.raised is not None and not isinstance(call.raised, ShardDown):
            call.result()  # the learner's own exception: reported with its traceback
        explain(
            "A search raised ShardDown, but find_first did not raise that exception.",
            expected=repr(cluster.error),
            got=f"raised {call.raised!r}" if call.raised is not None
            else f"returned {call.result()!r}",
        )
