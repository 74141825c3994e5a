"""Correct: as_completed fills a pre-sized list by index, so the report is in input order however the resizes finish."""

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
    photos = list(photos)
    outcomes = [None] * len(photos)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        index_of = {pool.submit(resize, photo): i for i, photo in enumerate(photos)}
        for future in as_completed(index_of):
            i = index_of[future]
            try:
                outcomes[i] = Outcome(photos[i], value=future.result())
            except Exception as exc:
                outcomes[i] = Outcome(photos[i], error=exc)
    return outcomes
