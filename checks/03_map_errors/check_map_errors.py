"""Checks for lesson 03: one failing item must not cost the results of the others.

Nothing is timed. Every resize is held until the check lets it finish
(kata/held_calls.py): each time the learner's code has come to rest, one running resize
is let go, chosen at random (seeded by the repetition), the one that started last
first. So an answer built in finishing order is out of order every time, code that
returns early returns while resizes are held, and a pool that runs fewer resizes at once
than max_workers allows (or more) is seen doing so. Sizes, pool widths and which photos are corrupt
are drawn from the repetition number; some checks call make_thumbnails twice in a row.
"""

import random
import threading
from collections import Counter
from dataclasses import dataclass

from kata import plugin
from kata.held_calls import HeldCalls, drive, outlasted_note, require_came_to_an_end
from kata.teach import explain, require_each_once


class CorruptPhoto(Exception):
    """What the fake resizer raises for a photo it cannot decode."""


@dataclass(frozen=True)
class Thumbnail:
    photo: str
    size: tuple = (160, 160)


def uploads(count, first=1):
    return [f"upload-{number:03d}.jpg" for number in range(first, first + count)]


class FakeResizer:
    """Makes a thumbnail of each photo, raises CorruptPhoto for the corrupt ones, counts
    the calls; every resize is held until the check lets it go."""

    def __init__(self, photos, *, corrupt=()):
        self.photos = list(photos)
        self.errors = {photo: CorruptPhoto(f"{photo} is not a valid JPEG") for photo in corrupt}
        self.held = HeldCalls()
        self.calls = Counter()
        self._lock = threading.Lock()

    def resize(self, photo):
        with self._lock:
            self.calls[photo] += 1
        with self.held.call(photo):
            if photo in self.errors:
                raise self.errors[photo]
            return Thumbnail(photo)


MISSING = object()


def describe(outcome):
    return (f"Outcome(input={getattr(outcome, 'input', '?')!r}, "
            f"value={getattr(outcome, 'value', '?')!r}, error={getattr(outcome, 'error', '?')!r})")


def scenario(resizer, max_workers):
    corrupt = [photo for photo in resizer.photos if photo in resizer.errors]
    return (f"make_thumbnails({len(resizer.photos)} photos, max_workers={max_workers}; "
            f"corrupt: {', '.join(corrupt) or 'none'})")


def pool_in_use(resizer, max_workers):
    """on_rest for drive(): as many resizes running as max_workers allows, and no more."""

    def on_rest(rest):
        if any(resizer.calls[photo] > resizer.photos.count(photo) for photo in rest.running):
            require_each_resized_once(resizer)
        if len(rest.running) > max_workers:
            explain(
                f"{scenario(resizer, max_workers)}: {len(rest.running)} resizes ran at the same "
                f"time ({', '.join(rest.running)}). The pool has max_workers threads, so that "
                "at most that many resizes load the storage service at once; a pool sized "
                "by the number of photos (or created without max_workers) has no such limit.",
                expected=f"at most {max_workers} resizes at once",
                got=f"{len(rest.running)} at once",
            )
        should = min(max_workers, len(resizer.photos) - rest.finished)
        if len(rest.running) < should:
            explain(
                f"{scenario(resizer, max_workers)}: your code waited with only "
                f"{len(rest.running)} resize(s) running although {should} may run at once"
                + (f" (after {', '.join(resizer.held.finish_order)} finished)"
                   if rest.finished else "")
                + ". The photos are resized on a pool of max_workers threads, so that "
                "slow resizes overlap; resizing one after another (or waiting for a "
                "particular one before starting the next) loses that.",
                expected=f"{should} resizes running at once",
                got=f"{len(rest.running)} running",
            )

    return on_rest


def run_batch(learner, resizer, max_workers):
    call = scenario(resizer, max_workers)
    drove = drive(resizer.held, learner.make_thumbnails, list(resizer.photos), resizer.resize,
                  max_workers=max_workers, seed=plugin.RUN.repetition, outlast_sleeps=True,
                  on_rest=pool_in_use(resizer, max_workers))
    if isinstance(drove.raised, CorruptPhoto):
        explain(
            f"{call}: make_thumbnails let the exception of one photo escape "
            f"({drove.raised!r}). The whole batch failed for one corrupt upload, and the "
            "results of every other photo were thrown away with it.",
            expected="one Outcome per photo; the corrupt ones carry their exception",
            got=f"{type(drove.raised).__name__} raised out of make_thumbnails",
        )
    require_came_to_an_end(drove, call, "make_thumbnails", "resizes",
                           "wait by blocking (map, future.result(), wait())")
    if drove.running_at_return:
        explain(
            f"{call}: make_thumbnails returned while {len(drove.running_at_return)} "
            f"resize(s) were still running ({', '.join(drove.running_at_return)}), so their "
            "outcomes cannot be in its report."
            + outlasted_note(drove, "resizes", "the storage service"),
            expected="every resize finished before make_thumbnails returns",
            got=f"{len(drove.running_at_return)} still running",
        )
    return drove.call.result()


def require_each_resized_once(resizer):
    rule = ("Every photo must be resized exactly once. Calling resize again for photos "
            "that pool.map had already handled (to recover from a failure, or to find "
            "out what failed) does the slow work twice and can have side effects twice.")
    listed = Counter(resizer.photos)
    if max(listed.values(), default=1) == 1:
        require_each_once(resizer.calls, resizer.photos, per="call of resize per photo",
                          counted="calls", rule=rule)
        return
    # A photo listed twice may be resized once or once per place (either is right).
    wrong = {photo: resizer.calls[photo] for photo in listed
             if not 1 <= resizer.calls[photo] <= listed[photo]}
    if wrong:
        explain(rule, expected="1 call of resize per photo (1 or 2 for a photo listed twice)",
                got=f"calls that were not: {wrong}")


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
            happened = (
                "The report has one outcome per photo, but not in the order of the photos. "
                f"The resizes finished in the order {', '.join(resizer.held.finish_order)}: "
                "your report follows the order they finished in. pool.map yields in input "
                "order; as_completed does not."
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


def sizes(rng, more_photos_than_workers=True):
    workers = rng.randint(1, 4) if more_photos_than_workers else rng.randint(2, 5)
    count = rng.randint(workers + 1, 3 * workers + 1) if more_photos_than_workers \
        else rng.randint(2, workers)
    return count, workers


def batch(learner, count, workers, corrupt_positions=(), first=1):
    photos = uploads(count, first)
    resizer = FakeResizer(photos, corrupt=[photos[index] for index in corrupt_positions])
    require_report(run_batch(learner, resizer, max_workers=workers), resizer)


def check_every_photo_ok(learner):
    """No photo is corrupt, resizes finish out of order: one outcome per photo, with its thumbnail, in the order given (two batches)"""
    rng = random.Random(plugin.RUN.repetition)
    batch(learner, *sizes(rng, more_photos_than_workers=False))
    batch(learner, *sizes(rng), first=101)


def check_results_after_a_failure_are_kept(learner):
    """A corrupt photo before the last: the photos after it still get their thumbnails (two batches)"""
    rng = random.Random(plugin.RUN.repetition)
    for first in (1, 101):
        count, workers = sizes(rng)
        batch(learner, count, workers, [rng.randrange(count - 1)], first=first)


def check_every_failure_reported(learner):
    """Corrupt photos first, in the middle and last: each is reported with its own exception"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    count = max(count, 3)
    batch(learner, count, workers, [0, rng.randrange(1, count - 1), count - 1])


def check_order_kept_with_failures(learner):
    """Some photos corrupt, resizes finish out of order: the outcomes still follow the input order"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    batch(learner, count, workers, rng.sample(range(count), rng.randint(1, count - 1)))


def check_each_photo_resized_once(learner):
    """Every photo is corrupt: each is reported, and each is resized exactly once"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    batch(learner, count, workers, range(count))


def check_a_photo_listed_twice(learner):
    """A photo uploaded twice (one of them corrupt or not): an outcome at each of its places, in order"""
    rng = random.Random(plugin.RUN.repetition)
    count, workers = sizes(rng)
    photos = uploads(count)
    first = rng.randrange(count)
    photos.insert(rng.randint(first + 1, count), photos[first])
    corrupt = [photos[first]] if rng.random() < 0.5 else []
    resizer = FakeResizer(photos, corrupt=corrupt)
    outcomes = run_batch(learner, resizer, max_workers=workers)
    inputs = [getattr(outcome, "input", MISSING) for outcome in outcomes] \
        if isinstance(outcomes, list) else None
    if inputs is not None and len(inputs) < len(photos) and sorted(set(inputs), key=str) == sorted(set(photos)):
        explain(
            f"{scenario(resizer, workers)}: {photos[first]} is listed twice, and the report "
            f"has {len(inputs)} outcomes for {len(photos)} places: one place got none. The "
            "report has one Outcome per place in `photos`, in order; a dict keyed by photo "
            "keeps one entry per photo.",
            expected=f"{len(photos)} outcomes, in the order of the photos", got=f"inputs {inputs}",
        )
    require_report(outcomes, resizer)
