"""Wrong: wraps each failure in a new RuntimeError, so the outcome does not carry the exception resize raised."""
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
    def attempt(photo):
        try:
            return Outcome(photo, value=resize(photo))
        except Exception as exc:
            return Outcome(photo, error=RuntimeError(f"{photo}: {exc}"))

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(attempt, photos))
