"""Correct: a wait(FIRST_COMPLETED) loop records each finished photo by index, then the report is built in input order."""

import logging
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
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
    by_index = {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        index_of = {pool.submit(resize, photo): i for i, photo in enumerate(photos)}
        pending = set(index_of)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                i = index_of[future]
                if future.exception() is not None:
                    by_index[i] = Outcome(photos[i], error=future.exception())
                else:
                    by_index[i] = Outcome(photos[i], value=future.result())
    return [by_index[i] for i in range(len(photos))]
