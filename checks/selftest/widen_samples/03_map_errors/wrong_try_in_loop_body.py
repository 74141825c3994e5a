"""Wrong: try/except inside the for body around map's results, which cannot catch what the for line raises."""
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
        results = pool.map(resize, photos)
        try:
            for photo in photos:
                try:
                    outcomes.append(Outcome(photo, value=next(results)))
                except Exception as exc:
                    outcomes.append(Outcome(photo, error=exc))
        except StopIteration:
            pass
    return outcomes
