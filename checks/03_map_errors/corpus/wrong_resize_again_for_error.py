"""Wrong: when map fails it resizes the rest again one by one in the caller to learn which failed: photos resized twice, errors are new exception objects."""

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
    """Resize every photo; one Outcome per photo, in the order of `photos`."""
    photos = list(photos)
    outcomes = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        try:
            for photo, thumbnail in zip(photos, pool.map(resize, photos)):
                outcomes.append(Outcome(photo, value=thumbnail))
        except Exception:
            # Slow path: go through the rest one by one to see which ones fail.
            for photo in photos[len(outcomes):]:
                try:
                    outcomes.append(Outcome(photo, value=resize(photo)))
                except Exception as exc:
                    outcomes.append(Outcome(photo, error=exc))
    return outcomes
