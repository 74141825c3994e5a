"""Correct: map over a wrapper returning (thumbnail, error) pairs, with an explicit shutdown(wait=True) in finally."""

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


def _resize_one(resize, photo):
    try:
        return resize(photo), None
    except Exception as exc:  # this photo only; the batch goes on
        return None, exc


def make_thumbnails(photos, resize, max_workers=4):
    """Resize every photo; one Outcome per photo, in the order of `photos`."""
    photos = list(photos)
    pool = ThreadPoolExecutor(max_workers=max_workers)
    try:
        pairs = list(pool.map(_resize_one, [resize] * len(photos), photos))
    finally:
        pool.shutdown(wait=True)
    return [
        Outcome(photo, error=error) if error is not None else Outcome(photo, value=thumbnail)
        for photo, (thumbnail, error) in zip(photos, pairs)
    ]
