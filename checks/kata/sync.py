"""Rewrite the generated parts of the kata from checks/lessons.py (`nox -s sync`):

* checks/pristine.json, the fingerprints of the shipped stubs;
* the Hints section of every exercise README.

The self-tests fail while either is stale.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kata.pristine import write_fingerprints  # noqa: E402
from lessons import LESSONS  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "exercises"
HINTS_BEGIN = "<!-- hints: generated from checks/lessons.py by `nox -s sync`; edit them there -->"
HINTS_END = "<!-- end of hints -->"
HINTS_BLOCK = re.compile(re.escape(HINTS_BEGIN) + ".*?" + re.escape(HINTS_END), re.S)


def hints_block(lesson) -> str:
    parts = [HINTS_BEGIN]
    for number, hint in enumerate(lesson.hints, 1):
        parts.append(f"<details><summary>Hint {number}</summary>\n\n{hint}\n\n</details>")
    parts.append(HINTS_END)
    return "\n\n".join(parts)


def readme_with_hints(lesson, text: str) -> str:
    if not HINTS_BLOCK.search(text):
        raise SystemExit(f"exercises/{lesson.name}/README.md has no hints markers ({HINTS_BEGIN})")
    return HINTS_BLOCK.sub(lambda _: hints_block(lesson), text)


def main():
    write_fingerprints(EXERCISES)
    for lesson in LESSONS:
        readme = EXERCISES / lesson.name / "README.md"
        if readme.is_file():
            readme.write_text(readme_with_hints(lesson, readme.read_text()))
        else:
            print(f"skipped {lesson.name}: exercises/{lesson.name}/README.md does not exist yet")
    print(f"synced {len(LESSONS)} lessons: checks/pristine.json and the Hints of every README")


if __name__ == "__main__":
    main()
