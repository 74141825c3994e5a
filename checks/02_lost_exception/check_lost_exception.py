"""Checks for lesson 02: a failure inside a pool thread must reach the caller."""

import threading
from collections import Counter

from kata.teach import explain


class GatewayError(Exception):
    """What the fake mail gateway raises for a rejected message."""


class FakeGateway:
    """Records every attempt; rejects the messages it was told to reject."""

    def __init__(self, rejects=()):
        self.rejections = {message: GatewayError(f"mailbox of {message} is full") for message in rejects}
        self.attempts = Counter()
        self.in_flight = 0
        self._lock = threading.Lock()

    def send(self, message):
        with self._lock:
            self.attempts[message] += 1
            self.in_flight += 1
        try:
            if message in self.rejections:
                raise self.rejections[message]
        finally:
            with self._lock:
                self.in_flight -= 1


def addresses(count):
    return [f"user{number}@example.com" for number in range(count)]


def call_send_all(learner, messages, gateway):
    """(returned value, DeliveryFailed raised or None). Any other exception is
    explained: it means the failures were not collected."""
    try:
        return learner.send_all(messages, gateway.send), None
    except learner.DeliveryFailed as failed:
        return None, failed
    except GatewayError as raw:
        explain(
            f"send_all let the gateway's own exception escape ({raw!r}). That is progress: "
            "the failure is no longer lost. But the caller is told about one message only, "
            "and the sends after it may never have been checked.",
            expected="every send finished, then DeliveryFailed({message: exception, ...}) "
            "naming every failed message",
            got=f"GatewayError for one message; attempts: {dict(gateway.attempts)}",
        )


def require_everything_attempted(messages, gateway):
    wrong = {message: gateway.attempts[message] for message in messages if gateway.attempts[message] != 1}
    if wrong or gateway.in_flight:
        explain(
            "Every message must be sent exactly once, and send_all must not return "
            "while a send is still running, even when other messages fail.",
            expected="1 attempt per message, 0 still running when send_all returns",
            got=f"attempts that were not 1: {wrong}; still running: {gateway.in_flight}",
        )


def check_all_messages_sent(learner):
    """Nothing fails: every message is sent once and the count is returned"""
    messages, gateway = addresses(8), FakeGateway()
    returned, failed = call_send_all(learner, messages, gateway)
    if failed is not None:
        explain("send_all raised DeliveryFailed although the gateway accepted every message.",
                got=repr(failed))
    require_everything_attempted(messages, gateway)
    if returned != 8:
        explain("send_all did not return the number of messages sent.", expected=8, got=repr(returned))


def require_failures_reported(learner, messages, rejected):
    gateway = FakeGateway(rejects=rejected)
    returned, failed = call_send_all(learner, messages, gateway)
    if failed is None:
        raised = ", ".join(f"{repr(gateway.rejections[m])}" for m in rejected)
        explain(
            f"The gateway raised {raised} inside the pool, but send_all returned "
            f"{returned!r} as if every message went out. The exception was stored in "
            "its Future, and nobody called future.result(), so it vanished.",
            expected=f"DeliveryFailed naming {sorted(rejected)}",
            got=f"send_all returned {returned!r}",
        )
    require_everything_attempted(messages, gateway)
    reported = getattr(failed, "failures", None)
    if not isinstance(reported, dict) or set(reported) != set(rejected):
        explain(
            "DeliveryFailed must name every message that failed, not only the first one.",
            expected=f"failures for {sorted(rejected)}",
            got=f"failures for {sorted(reported) if isinstance(reported, dict) else reported!r}",
        )
    wrong = [m for m in rejected if reported[m] is not gateway.rejections[m]]
    if wrong:
        explain(
            "Each failed message must map to the exception the gateway raised for it "
            "(the object future.result() re-raises), so the caller can see why it failed.",
            expected=f"{wrong[0]} -> {gateway.rejections[wrong[0]]!r}",
            got=f"{wrong[0]} -> {reported[wrong[0]]!r}",
        )


def check_one_rejection_is_reported(learner):
    """One message is rejected: send_all raises DeliveryFailed naming it"""
    messages = addresses(8)
    require_failures_reported(learner, messages, [messages[3]])


def check_every_rejection_is_reported(learner):
    """Three messages are rejected (the first, one in the middle, the last): all are named"""
    messages = addresses(10)
    require_failures_reported(learner, messages, [messages[0], messages[4], messages[9]])
