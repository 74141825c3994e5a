"""Wrong: tries the plain pool.map first and, if any photo fails, redoes the whole batch serially in the calling thread, so photos get resized twice, the retry is not on the pool, and the error is from the second call."""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Optional

logger = logging.getLogger(__name__)


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

    Returns one Outcome per photo, in the order of `photos`:
    `Outcome(photo, value=thumbnail)` when resize succeeded, and
    `Outcome(photo, error=exc)`, with the exception resize raised, when it failed.
    Each photo is resized exactly once.
    """
    photos = list(photos)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        try:
            thumbnails = list(pool.map(resize, photos))
            return [Outcome(photo, value=thumb) for photo, thumb in zip(photos, thumbnails)]
        except Exception:
            logger.warning("corrupt photo in batch, checking photos one by one")

    outcomes = []
    for photo in photos:
        try:
            outcomes.append(Outcome(photo, value=resize(photo)))
        except Exception as exc:
            outcomes.append(Outcome(photo, error=exc))
    return outcomes
