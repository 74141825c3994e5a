"""Wrong: the wrapper returns the exception as a value and it is stored in value, so error stays None and a corrupt photo looks ok."""

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

    def attempt(photo):
        try:
            return resize(photo)
        except Exception as exc:
            return exc  # a value now, not an exception in flight

    photos = list(photos)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return [Outcome(photo, value=result) for photo, result in zip(photos, pool.map(attempt, photos))]
