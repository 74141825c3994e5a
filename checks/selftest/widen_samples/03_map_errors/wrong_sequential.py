"""Wrong: resizes one photo after another in the caller's thread; right report, but no pool at all."""
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
    for photo in photos:
        try:
            outcomes.append(Outcome(photo, value=resize(photo)))
        except Exception as exc:
            outcomes.append(Outcome(photo, error=exc))
    return outcomes
