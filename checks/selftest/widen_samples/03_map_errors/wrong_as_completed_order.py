"""Wrong: appends outcomes as the futures complete, so the report follows the finishing order."""
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
        futures = {pool.submit(resize, photo): photo for photo in photos}
        for future in as_completed(futures):
            try:
                outcomes.append(Outcome(futures[future], value=future.result()))
            except Exception as exc:
                outcomes.append(Outcome(futures[future], error=exc))
    return outcomes
