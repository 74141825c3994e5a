"""Wrong: outcomes are appended in as_completed order, so the report is in finish order, not the order of photos."""

import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
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
    outcomes = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        photo_of = {pool.submit(resize, photo): photo for photo in photos}
        for future in as_completed(photo_of):
            photo = photo_of[future]
            try:
                outcomes.append(Outcome(photo, value=future.result()))
            except Exception as exc:
                outcomes.append(Outcome(photo, error=exc))
    return outcomes
