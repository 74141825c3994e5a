"""Correct: as_completed, each outcome placed in its photo's slot, so the report keeps input order."""
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
    report = [None] * len(photos)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = {pool.submit(resize, photo): index for index, photo in enumerate(photos)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                report[index] = Outcome(photos[index], value=future.result())
            except Exception as exc:
                report[index] = Outcome(photos[index], error=exc)
    return report
