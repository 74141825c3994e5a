"""Correct: wait() for all futures, then future.exception() decides between value and error without raising."""

import logging
from concurrent.futures import ThreadPoolExecutor, wait
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
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        jobs = [(photo, pool.submit(resize, photo)) for photo in photos]
        wait([future for _, future in jobs])

    outcomes = []
    for photo, future in jobs:
        error = future.exception()
        if error is None:
            outcomes.append(Outcome(photo, value=future.result()))
        else:
            outcomes.append(Outcome(photo, error=error))
    return outcomes
