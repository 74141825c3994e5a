"""Wrong: after map raises, resizes the photos again one by one to find what failed, so each is resized twice."""
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
        try:
            return [Outcome(p, value=v) for p, v in zip(photos, pool.map(resize, photos))]
        except Exception:
            pass
    outcomes = []
    for photo in photos:
        try:
            outcomes.append(Outcome(photo, value=resize(photo)))
        except Exception as exc:
            outcomes.append(Outcome(photo, error=exc))
    return outcomes
