"""Checks for lesson 03: one failing item must not cost the results of the others.

Nothing is timed. Where the order matters, the resizes are made to finish in reverse
order with events (kata/finish_order.py), so an answer built in finishing order is
reversed every time.
"""

import threading
from collections import Counter
from dataclasses import dataclass

from kata.finish_order import GRACE, ReverseFinish
from kata.teach import explain, require_each_once


class CorruptPhoto(Exception):
    """What the fake resizer raises for a photo it cannot decode."""


@dataclass(frozen=True)
class Thumbnail:
    photo: str
    size: tuple = (160, 160)


def uploads(count):
    return [f"upload-{number:03d}.jpg" for number in range(1, count + 1)]


class FakeResizer:
    """Makes a thumbnail of each photo, raises CorruptPhoto for the corrupt ones,
    counts the calls and the resizes still running."""

    def __init__(self, photos, *, corrupt=(), finish=None):
        self.photos = list(photos)
        self.errors = {photo: CorruptPhoto(f"{photo} is not a valid JPEG") for photo in corrupt}
        self.finish = finish
        self.calls = Counter()
        self.running = 0
        self._lock = threading.Lock()

    def resize(self, photo):
        with self._lock:
            self.calls[photo] += 1
            self.running += 1
        try:
            if self.finish is not None:
                self.finish.wait_for_successor(photo)
            if photo in self.errors:
                raise self.errors[photo]
            return Thumbnail(photo)
        finally:
            with self._lock:
                self.running -= 1
            if self.finish is not None:
                self.finish.finished(photo)


MISSING = object()


def describe(outcome):
    return (f"Outcome(input={getattr(outcome, 'input', '?')!r}, "
            f"value={getattr(outcome, 'value', '?')!r}, error={getattr(outcome, 'error', '?')!r})")


def run_batch(learner, resizer, max_workers):
    photos = resizer.photos
    try:
        outcomes = learner.make_thumbnails(list(photos), resizer.resize, max_workers=max_workers)
    except CorruptPhoto as exc:
        explain(
            f"make_thumbnails let the exception of one photo escape ({exc!r}). The whole "
            "batch failed for one corrupt upload, and the results of every other photo "
            "were thrown away with it.",
            expected="one Outcome per photo; the corrupt ones carry their exception",
            got=f"{type(exc).__name__} raised out of make_thumbnails",
        )
    finally:
        if resizer.finish is not None:
            resizer.finish.release_all()
    in_flight = resizer.running
    if resizer.finish is not None and resizer.finish.stalled:
        explain(
            f"With max_workers={max_workers} and {len(photos)} photos, all the resizes must "
            "run at the same time. The check made each resize wait for the next one to "
            f"finish, and one waited {GRACE:g} s for a resize that never ran alongside it.",
            expected=f"{len(photos)} resizes running at once",
            got="fewer",
        )
    if in_flight:
        explain(
            f"make_thumbnails returned while {in_flight} resize(s) were still running, so "
            "their outcomes cannot be in its report.",
            expected="every resize finished before make_thumbnails returns",
            got=f"{in_flight} still running",
        )
    return outcomes


def require_each_resized_once(resizer):
    require_each_once(
        resizer.calls, resizer.photos, per="call of resize per photo", counted="calls",
        rule="Every photo must be resized exactly once. Calling resize again for photos "
        "that pool.map had already handled (to recover from a failure, or to find "
        "out what failed) does the slow work twice and can have side effects twice.",
    )


def require_report(outcomes, resizer):
    """One Outcome per photo, in input order, each right; and each photo resized once."""
    photos = resizer.photos
    try:
        outcomes = list(outcomes)
    except TypeError:
        explain("make_thumbnails must return a list of Outcome objects.", got=repr(outcomes))
    inputs = [getattr(outcome, "input", MISSING) for outcome in outcomes]
    if MISSING in inputs:
        odd = outcomes[inputs.index(MISSING)]
        explain(
            "The report must be made of Outcome objects (with .input, .value and .error).",
            expected="Outcome(photo, value=...) or Outcome(photo, error=...)",
            got=repr(odd),
        )
    if inputs != photos:
        if sorted(map(str, inputs)) == sorted(photos):
            happened = "The report has one outcome per photo, but not in the order of the photos."
            if resizer.finish is not None:
                happened += (
                    " The check made the resizes finish in reverse order: your report "
                    "follows the order they finished in. pool.map yields in input order; "
                    "as_completed does not."
                )
            explain(happened, expected=photos, got=inputs)
        missing = [photo for photo in photos if photo not in inputs]
        happened = (
            f"The report has {len(outcomes)} outcome(s) for {len(photos)} photos."
        )
        first_bad = next((photo for photo in photos if photo in resizer.errors), None)
        tail = photos[photos.index(first_bad) + 1:] if first_bad is not None else None
        if missing and (missing == tail or missing == [first_bad] + tail):
            happened += (
                f" Nothing after the first corrupt photo ({first_bad}) is in it. The "
                "iterator of pool.map raises a task's exception when the loop reaches "
                "that task, and once it has raised it is finished: the results after it "
                "are lost, although they were computed."
            )
        elif missing and set(missing) <= set(resizer.errors):
            happened += (
                " The corrupt photos are missing. A photo that failed needs an outcome "
                "too, carrying its exception, so the site can ask for a new upload."
            )
        explain(
            happened,
            expected=f"{len(photos)} outcomes, one per photo, in the order of the photos",
            got=f"{len(outcomes)} outcomes; missing: {missing}" if missing else f"inputs {inputs}",
        )
    for photo, outcome in zip(photos, outcomes):
        value = getattr(outcome, "value", MISSING)
        error = getattr(outcome, "error", MISSING)
        if photo in resizer.errors:
            raised = resizer.errors[photo]
            if error is raised and value is None:
                continue
            if error is None or error is MISSING:
                happened = (f"The corrupt photo {photo} is reported as if it had worked: its "
                            "outcome does not carry the exception resize raised for it.")
            elif isinstance(error, BaseException):
                happened = (f"The outcome of {photo} carries a different exception than the "
                            "one resize raised for it. Keep the original exception object "
                            "(the one future.result() re-raises, or the one you caught), so "
                            "its type, message and traceback reach the report.")
            else:
                happened = (f"The outcome of {photo} carries {error!r} instead of the "
                            "exception object itself. Keep the original exception, so its "
                            "type, message and traceback reach the report.")
            explain(happened, expected=f"Outcome(input={photo!r}, value=None, error={raised!r})",
                    got=describe(outcome))
        elif value != Thumbnail(photo) or error is not None:
            explain(
                f"The photo {photo} was resized without error, but its outcome does not "
                "carry its thumbnail.",
                expected=f"Outcome(input={photo!r}, value={Thumbnail(photo)!r}, error=None)",
                got=describe(outcome),
            )
    require_each_resized_once(resizer)


def check_every_photo_ok(learner):
    """No photo is corrupt: one outcome per photo, with its thumbnail, in the order given"""
    photos = uploads(5)
    resizer = FakeResizer(photos, finish=ReverseFinish(photos))
    outcomes = run_batch(learner, resizer, max_workers=5)
    require_report(outcomes, resizer)


def check_results_after_a_failure_are_kept(learner):
    """A corrupt photo in the middle: the photos after it still get their thumbnails"""
    photos = uploads(8)
    resizer = FakeResizer(photos, corrupt=[photos[2]])
    outcomes = run_batch(learner, resizer, max_workers=3)
    require_report(outcomes, resizer)


def check_every_failure_reported(learner):
    """Corrupt photos first, in the middle and last: each is reported with its own exception"""
    photos = uploads(9)
    resizer = FakeResizer(photos, corrupt=[photos[0], photos[4], photos[8]])
    outcomes = run_batch(learner, resizer, max_workers=3)
    require_report(outcomes, resizer)


def check_order_kept_with_failures(learner):
    """Photos finish in reverse order, some corrupt: the outcomes still follow the input order"""
    photos = uploads(6)
    resizer = FakeResizer(photos, corrupt=[photos[1], photos[4]], finish=ReverseFinish(photos))
    outcomes = run_batch(learner, resizer, max_workers=6)
    require_report(outcomes, resizer)


def check_each_photo_resized_once(learner):
    """Every photo is corrupt: each is reported, and each is resized exactly once"""
    photos = uploads(6)
    resizer = FakeResizer(photos, corrupt=photos)
    outcomes = run_batch(learner, resizer, max_workers=2)
    require_report(outcomes, resizer)
