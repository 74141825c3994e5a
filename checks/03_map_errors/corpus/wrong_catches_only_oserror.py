"""Wrong: only OSError (storage trouble) is turned into an Outcome; any other exception resize raises escapes the worker wrapper and ends the batch."""

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
            return Outcome(photo, value=resize(photo))
        except OSError as exc:  # a corrupt upload shows up as an I/O error
            return Outcome(photo, error=exc)

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(attempt, photos))
