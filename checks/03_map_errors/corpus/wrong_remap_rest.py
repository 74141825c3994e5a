"""Wrong: after a failure it starts a new map over the photos after the corrupt one, so those photos are resized a second time."""

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
    remaining = list(photos)
    outcomes = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while remaining:
            done = 0
            try:
                for thumbnail in pool.map(resize, remaining):
                    outcomes.append(Outcome(remaining[done], value=thumbnail))
                    done += 1
            except Exception as exc:
                outcomes.append(Outcome(remaining[done], error=exc))
                done += 1
            remaining = remaining[done:]  # carry on after the corrupt photo
    return outcomes
