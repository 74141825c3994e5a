"""Wrong: keys futures by photo in a dict, so duplicated photos collapse into a single Outcome (breaks "one Outcome per photo")."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Optional


@dataclass
class Outcome:
    """What happened to one input: `value` is the result when the work succeeded;
    `error` is the exception it raised when it failed (and `value` stays None)."""

    input: Any
    value: Any = None
    error: Optional[BaseException] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def make_thumbnails(photos, resize, max_workers=4):
    """Resize every photo with `resize(photo)` on a thread pool.

    Returns one Outcome per photo, in the order of `photos`.
    Each photo is resized exactly once.
    """
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {photo: pool.submit(resize, photo) for photo in photos}
    outcomes = []
    for photo, future in futures.items():
        try:
            outcomes.append(Outcome(photo, value=future.result()))
        except Exception as exc:
            outcomes.append(Outcome(photo, error=exc))
    return outcomes
