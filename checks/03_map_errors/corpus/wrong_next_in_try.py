"""Wrong: next() on the map iterator inside try; after the first failure the generator is finished, so later photos get StopIteration as their error."""

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
        thumbnails = pool.map(resize, photos)
        for photo in photos:
            try:
                outcomes.append(Outcome(photo, value=next(thumbnails)))
            except Exception as exc:
                outcomes.append(Outcome(photo, error=exc))
    return outcomes
