"""Wrong: waits with a timeout and reports unfinished resizes as TimeoutError, returning while those resizes are still running."""

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


RESIZE_TIMEOUT = 0.05  # seconds; the storage service should answer well within this


def make_thumbnails(photos, resize, max_workers=4):
    """Resize every photo; one Outcome per photo, in the order of `photos`."""
    pool = ThreadPoolExecutor(max_workers=max_workers)
    jobs = [(photo, pool.submit(resize, photo)) for photo in photos]
    wait([future for _, future in jobs], timeout=RESIZE_TIMEOUT)
    outcomes = []
    for photo, future in jobs:
        if not future.done():
            outcomes.append(Outcome(photo, error=TimeoutError(f"resize of {photo!r} took too long")))
        elif future.exception() is not None:
            outcomes.append(Outcome(photo, error=future.exception()))
        else:
            outcomes.append(Outcome(photo, value=future.result()))
    pool.shutdown(wait=False, cancel_futures=True)  # do not let one slow photo hold the batch
    return outcomes
