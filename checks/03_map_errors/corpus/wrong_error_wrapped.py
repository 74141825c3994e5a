"""Wrong: error holds a new RuntimeError carrying the message, not the very exception resize raised."""

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


class ThumbnailError(RuntimeError):
    pass


def make_thumbnails(photos, resize, max_workers=4):
    """Resize every photo; one Outcome per photo, in the order of `photos`."""

    def attempt(photo):
        try:
            return Outcome(photo, value=resize(photo))
        except Exception as exc:
            return Outcome(photo, error=ThumbnailError(f"cannot resize {photo!r}: {exc}"))

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(attempt, photos))
