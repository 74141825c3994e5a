"""Wrong: sizes the pool to one thread per photo instead of max_workers, so every resize runs at once and the storage service gets more concurrent requests than allowed."""

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


def _attempt(resize, photo):
    try:
        return Outcome(photo, value=resize(photo))
    except Exception as exc:
        return Outcome(photo, error=exc)


def make_thumbnails(photos, resize, max_workers=4):
    """Resize every photo with `resize(photo)` on a thread pool.

    Returns one Outcome per photo, in the order of `photos`:
    `Outcome(photo, value=thumbnail)` when resize succeeded, and
    `Outcome(photo, error=exc)`, with the exception resize raised, when it failed.
    Each photo is resized exactly once.
    """
    photos = list(photos)
    # no point in making photos wait: give each one its own thread
    with ThreadPoolExecutor(max_workers=len(photos) or 1) as pool:
        return list(pool.map(lambda photo: _attempt(resize, photo), photos))
