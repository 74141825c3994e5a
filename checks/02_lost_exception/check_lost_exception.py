"""Checks for lesson 02: a failure inside a pool thread must reach the caller.

Every send is held until the check lets it finish (kata/held_calls.py), one at a time,
each time send_all has come to rest, in an order drawn from the repetition number. So
send_all cannot look at its futures before they are done by luck: code that returns
early returns while sends are held, every run. Batch sizes, pool widths, which messages
fail and with which exception are drawn from the repetition number too, and send_all is
called twice in a row (failures kept from the first call must not show in the second).
"""

import random
import threading
from collections import Counter

from kata import plugin
from kata.held_calls import HeldCalls, drive, require_came_to_an_end
from kata.teach import explain


class GatewayError(Exception):
    """What the fake mail gateway raises for a rejected message."""


class MailboxFull(GatewayError):
    pass


# The gateway fails in more than one way: a fix that catches only one kind misses others
# (two of them are OSErrors, two are not).
FAILURES = (
    lambda message: MailboxFull(f"mailbox of {message} is full"),
    lambda message: ConnectionResetError(f"gateway dropped the connection while sending to {message}"),
    lambda message: TimeoutError(f"gateway did not answer for {message}"),
    lambda message: ValueError(f"{message} is not a deliverable address"),
)


class FakeGateway:
    """Records every attempt; rejects the messages it was told to reject; every send
    is held until the check lets it go."""

    def __init__(self, rejects=(), rng=None):
        rng = rng or random.Random(0)
        # Kinds dealt round a shuffled list: three rejections always show three kinds.
        kinds = rng.sample(FAILURES, len(FAILURES))
        self.rejections = {message: kinds[number % len(kinds)](message)
                           for number, message in enumerate(rejects)}
        self.attempts = Counter()
        self.held = HeldCalls()
        self._lock = threading.Lock()

    def send(self, message):
        with self._lock:
            self.attempts[message] += 1
        with self.held.call(message):
            if message in self.rejections:
                raise self.rejections[message]


def addresses(count, first=0):
    return [f"user{number}@example.com" for number in range(first, first + count)]


def scenario(messages, gateway, workers):
    failing = [m for m in messages if m in gateway.rejections]
    return (f"send_all({len(messages)} messages, max_workers={workers}; rejected: "
            f"{', '.join(failing) or 'none'})")


def call_send_all(learner, messages, gateway, workers):
    """(returned value, DeliveryFailed raised or None). Any other exception is
    explained: it means the failures were not collected."""
    drove = drive(gateway.held, learner.send_all, list(messages), gateway.send,
                  max_workers=workers, seed=plugin.RUN.repetition)
    call = scenario(messages, gateway, workers)
    require_came_to_an_end(drove, call, "send_all", "sends",
                           "wait by blocking (future.result(), as_completed, wait())")
    if drove.running_at_return:
        explain(
            f"{call}: send_all {'raised' if drove.raised else 'returned'} while "
            f"{len(drove.running_at_return)} send(s) were still running "
            f"({', '.join(drove.running_at_return)}). Whether those fail is not known yet, "
            "so their failures cannot be reported: wait for every future (a `with` block, "
            "result() on each, as_completed) before deciding.",
            expected="every send finished before send_all returns or raises",
            got=f"{len(drove.running_at_return)} still running",
        )
    raised = drove.raised
    if raised is None:
        return drove.call.result(), None
    if isinstance(raised, learner.DeliveryFailed):
        return None, raised
    if raised in gateway.rejections.values():
        explain(
            f"{call}: send_all let the gateway's own exception escape ({raised!r}). That is "
            "progress: the failure is no longer lost. But the caller is told about one "
            "message only.",
            expected="every send finished, then DeliveryFailed({message: exception, ...}) "
            "naming every failed message",
            got=f"{type(raised).__name__} for one message; attempts: {dict(gateway.attempts)}",
        )
    drove.call.result()  # the learner's own exception, with its traceback


def require_everything_attempted(messages, gateway):
    wrong = {message: gateway.attempts[message] for message in messages if gateway.attempts[message] != 1}
    if wrong:
        explain(
            "Every message must be sent exactly once, even when other messages fail.",
            expected="1 attempt per message",
            got=f"attempts that were not 1: {wrong}",
        )


def require_failures_reported(learner, messages, rejected, workers, rng):
    gateway = FakeGateway(rejects=rejected, rng=rng)
    returned, failed = call_send_all(learner, messages, gateway, workers)
    call = scenario(messages, gateway, workers)
    if failed is None:
        raised = ", ".join(repr(gateway.rejections[m]) for m in rejected)
        explain(
            f"{call}: the gateway raised {raised} inside the pool, but send_all returned "
            f"{returned!r} as if every message went out. The exception was stored in "
            "its Future, and nobody called future.result(), so it vanished.",
            expected=f"DeliveryFailed naming {sorted(rejected)}",
            got=f"send_all returned {returned!r}",
        )
    require_everything_attempted(messages, gateway)
    reported = getattr(failed, "failures", None)
    if not isinstance(reported, dict) or set(reported) != set(rejected):
        explain(
            f"{call}: DeliveryFailed must name every message that failed, and only those.",
            expected=f"failures for {sorted(rejected)}",
            got=f"failures for {sorted(reported, key=str) if isinstance(reported, dict) else reported!r}",
        )
    wrong = [m for m in rejected if reported[m] is not gateway.rejections[m]]
    if wrong:
        explain(
            f"{call}: each failed message must map to the exception the gateway raised for "
            "it (the object future.result() re-raises), so the caller can see why it failed.",
            expected=f"{wrong[0]} -> {gateway.rejections[wrong[0]]!r}",
            got=f"{wrong[0]} -> {reported[wrong[0]]!r}",
        )


def sizes(rng, min_workers=1):
    workers = rng.randint(min_workers, 4)
    return rng.randint(workers + 1, 3 * workers + 2), workers


def require_all_sent(learner, messages, workers):
    gateway = FakeGateway()
    returned, failed = call_send_all(learner, messages, gateway, workers)
    call = scenario(messages, gateway, workers)
    if failed is not None:
        explain(f"{call}: send_all raised DeliveryFailed although the gateway accepted every "
                "message.", got=repr(failed))
    require_everything_attempted(messages, gateway)
    if returned != len(messages):
        explain(f"{call}: send_all did not return the number of messages sent.",
                expected=len(messages), got=repr(returned))


def require_empty_batch_sends_nothing(learner, workers):
    gateway = FakeGateway()
    drove = drive(gateway.held, learner.send_all, [], gateway.send, max_workers=workers,
                  seed=plugin.RUN.repetition)
    call = f"send_all([], max_workers={workers})"
    require_came_to_an_end(drove, call, "send_all", "sends", "wait by blocking")
    if drove.raised is not None:
        explain(f"{call} raised {drove.raised!r}. An empty batch sends nothing and returns 0. "
                "(A pool needs at least one worker: max_workers=min(max_workers, len(messages)) "
                "is 0 here.)", expected="0", got=repr(drove.raised))
    if drove.call.result() != 0:
        explain(f"{call} must return 0: no message was sent.", expected="0",
                got=repr(drove.call.result()))


def check_all_messages_sent(learner):
    """Nothing fails: every message is sent once and the count is returned (two batches, then an empty one)"""
    rng = random.Random(plugin.RUN.repetition)
    for first in (0, 100):
        count, workers = sizes(rng)
        require_all_sent(learner, addresses(count, first), workers)
    require_empty_batch_sends_nothing(learner, workers)


def check_one_rejection_is_reported(learner):
    """One message is rejected: send_all raises DeliveryFailed naming it"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    messages = addresses(count)
    require_failures_reported(learner, messages, [rng.choice(messages)], workers, rng)


def check_every_rejection_is_reported(learner):
    """Several messages are rejected (the first, others, the last), in different ways, on two or more workers: all are named"""
    rng = random.Random(plugin.RUN.repetition)
    # Two workers at least, so the sends finish out of order in every repetition (the
    # first one let go started last): a failure filed by finishing order (zip with
    # as_completed) lands under the wrong message. One worker finishes them in order.
    count, workers = sizes(rng, min_workers=2)
    messages = addresses(max(count, 4))
    middle = rng.sample(messages[1:-1], rng.randint(1, len(messages) - 3))
    require_failures_reported(learner, messages, [messages[0], *middle, messages[-1]], workers, rng)


def check_second_batch_reports_only_its_own(learner):
    """A batch with failures, then a batch with other failures, then one with none: each call reports its own"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    messages = addresses(count)
    require_failures_reported(learner, messages, rng.sample(messages, 2), workers, rng)
    count, workers = sizes(rng)
    messages = addresses(count, first=100)
    require_failures_reported(learner, messages, rng.sample(messages, 1), workers, rng)
    count, workers = sizes(rng)
    require_all_sent(learner, addresses(count, first=200), workers)
