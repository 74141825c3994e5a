"""Correct: wait() for all futures, then future.exception() tells failure from success, in input order."""
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
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(resize, photo) for photo in photos]
        wait(futures)
    outcomes = []
    for photo, future in zip(photos, futures):
        error = future.exception()
        outcomes.append(Outcome(photo, error=error) if error else Outcome(photo, value=future.result()))
    return outcomes
