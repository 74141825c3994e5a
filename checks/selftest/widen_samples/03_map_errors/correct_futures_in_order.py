"""Correct: submit every photo, then ask each future in input order inside try/except."""
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



def make_thumbnails(photos, resize, max_workers=4):
    outcomes = []
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(resize, photo) for photo in photos]
        for photo, future in zip(photos, futures):
            try:
                outcomes.append(Outcome(photo, value=future.result()))
            except Exception as exc:
                outcomes.append(Outcome(photo, error=exc))
    return outcomes
