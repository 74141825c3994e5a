"""Rewrite the generated parts of the kata from checks/lessons.py (`nox -s sync`):

* checks/pristine.json, the fingerprints of the shipped stubs;
* the Hints section of every exercise README;
* the lesson table of the top-level README (titles from the catalog, topics from the
  first lines of each lesson's README).

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
TABLE_BEGIN = "<!-- lessons: generated from checks/lessons.py by `nox -s sync` -->"
TABLE_END = "<!-- end of lessons -->"
TABLE_BLOCK = re.compile(re.escape(TABLE_BEGIN) + ".*?" + re.escape(TABLE_END), re.S)


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


def topics(lesson) -> str:
    """The lesson README's `**Topics:**` paragraph, on one line."""
    text = (EXERCISES / lesson.name / "README.md").read_text()
    paragraph = text.split("**Topics:**", 1)[1].split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def lesson_table() -> str:
    rows = [TABLE_BEGIN, "| # | Lesson | Topics |", "|---|---|---|"]
    for lesson in LESSONS:
        rows.append(f"| {lesson.number:02d} | [{lesson.title}](exercises/{lesson.name}/README.md) | {topics(lesson)} |")
    return "\n".join(rows + [TABLE_END])


def readme_with_lesson_table(text: str) -> str:
    if not TABLE_BLOCK.search(text):
        raise SystemExit(f"README.md has no lesson table markers ({TABLE_BEGIN})")
    return TABLE_BLOCK.sub(lambda _: lesson_table(), text)


def main():
    write_fingerprints(EXERCISES)
    for lesson in LESSONS:
        readme = EXERCISES / lesson.name / "README.md"
        if readme.is_file():
            readme.write_text(readme_with_hints(lesson, readme.read_text()))
        else:
            print(f"skipped {lesson.name}: exercises/{lesson.name}/README.md does not exist yet")
    readme = REPO / "README.md"
    readme.write_text(readme_with_lesson_table(readme.read_text()))
    print(f"synced {len(LESSONS)} lessons: checks/pristine.json, the Hints of every README, "
          "and the lesson table of README.md")


if __name__ == "__main__":
    main()
