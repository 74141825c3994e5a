"""Correct: the task returns the exception as a value, map keeps the order, outcomes built afterwards."""
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass
from typing import Any, Optional


@dataclass
class Outcome:
    input: Any
    value: Any = None
    error: Optional[BaseException] = None

    @property
    def ok(self) -> bool:
        return self.error is None



class _Failed:
    def __init__(self, exc):
        self.exc = exc


def make_thumbnails(photos, resize, max_workers=4):
    def attempt(photo):
        try:
            return resize(photo)
        except Exception as exc:
            return _Failed(exc)

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        results = list(pool.map(attempt, photos))
    return [Outcome(p, error=r.exc) if isinstance(r, _Failed) else Outcome(p, value=r)
            for p, r in zip(photos, results)]
