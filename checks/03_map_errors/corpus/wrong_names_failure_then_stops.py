"""Wrong: the corrupt photo now gets an error Outcome, but the loop still breaks there, so the photos after it get none."""

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
        futures = [pool.submit(resize, photo) for photo in photos]
        for photo, future in zip(photos, futures):
            try:
                outcomes.append(Outcome(photo, value=future.result()))
            except Exception as exc:
                outcomes.append(Outcome(photo, error=exc))
                logger.warning("thumbnail batch stopped at %r", photo)
                break
    return outcomes
