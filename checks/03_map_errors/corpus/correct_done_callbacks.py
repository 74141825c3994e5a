"""Correct: done-callbacks write each photo's Outcome into its own slot; the with block joins the workers that ran them."""

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
    outcomes = [None] * len(photos)

    def fill_slot(index):
        def on_done(future):
            error = future.exception()
            if error is None:
                outcomes[index] = Outcome(photos[index], value=future.result())
            else:
                outcomes[index] = Outcome(photos[index], error=error)
        return on_done

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for index, photo in enumerate(photos):
            pool.submit(resize, photo).add_done_callback(fill_slot(index))
    return outcomes
