"""Wrong: the report list lives at module level, so a second batch also reports the photos of the first."""
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


_report = []


def make_thumbnails(photos, resize, max_workers=4):
    def attempt(photo):
        try:
            return Outcome(photo, value=resize(photo))
        except Exception as exc:
            return Outcome(photo, error=exc)

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        _report.extend(pool.map(attempt, photos))
    return _report
