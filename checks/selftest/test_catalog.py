"""The lesson catalog and the mirrored trees agree."""

import importlib.util
import re

import pytest
from conftest import CHECKS_DIR, LESSONS, REPO_DIR, lesson_ids

from kata import pristine, sync


def test_numbers_and_names_are_unique_and_ordered():
    numbers = [lesson.number for lesson in LESSONS]
    assert numbers == sorted(set(numbers))
    assert len({lesson.module for lesson in LESSONS}) == len(LESSONS)


def test_no_stray_lesson_folders():
    declared = {lesson.name for lesson in LESSONS}
    for tree in ("exercises", "solutions"):
        found = {path.name for path in (REPO_DIR / tree).iterdir() if path.is_dir() and re.match(r"\d\d_", path.name)}
        assert found == declared, tree
    found = {path.name for path in CHECKS_DIR.iterdir() if path.is_dir() and re.match(r"\d\d_", path.name)}
    assert found == declared


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_lesson_is_complete(lesson):
    stub = REPO_DIR / "exercises" / lesson.name / lesson.filename
    assert stub.is_file()
    assert (REPO_DIR / "solutions" / lesson.name / lesson.filename).is_file()
    assert list((CHECKS_DIR / lesson.name).glob("check_*.py")), "no check file"
    assert "TODO" in stub.read_text(), "the stub must mark the bug with a TODO"
    assert "TODO" not in (REPO_DIR / "solutions" / lesson.name / lesson.filename).read_text()
    readme = (REPO_DIR / "exercises" / lesson.name / "README.md").read_text()
    for heading in ("## The concept", "## Your task", "## Hints", f"nox -s grade -- {lesson.number:02d}"):
        assert heading in readme
    assert len(lesson.hints) >= 2
    assert lesson.points > 0


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_learner_module_name_shadows_nothing(lesson):
    """The learner's folder goes at the end of sys.path, so a module name that exists
    elsewhere would silently load the wrong file."""
    assert importlib.util.find_spec(lesson.module) is None, lesson.module


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_readme_hints_come_from_the_catalog(lesson):
    readme = (REPO_DIR / "exercises" / lesson.name / "README.md").read_text()
    assert sync.readme_with_hints(lesson, readme) == readme, "stale hints: run `nox -s sync`"


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_stub_fingerprint_is_current(lesson):
    if not pristine.is_pristine(lesson, REPO_DIR / "exercises"):
        import subprocess

        changed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", f"exercises/{lesson.name}"],
                                 cwd=REPO_DIR).returncode
        if changed == 1:
            pytest.skip(f"exercises/{lesson.name}: modified, not checked")
        pytest.fail(f"checks/pristine.json is stale for {lesson.name}: run `nox -s sync`")


def test_readme_lesson_table_comes_from_the_catalog():
    readme = (REPO_DIR / "README.md").read_text()
    assert sync.readme_with_lesson_table(readme) == readme, "stale lesson table: run `nox -s sync`"


def test_pristine_tells_an_untouched_stub_from_a_started_one(tmp_path):
    """What lets verify report a learner's edited stub as 'modified, not checked' and
    the scoreboard say NOT STARTED only for untouched ones."""
    lesson = LESSONS[0]
    stub = (REPO_DIR / "exercises" / lesson.name / lesson.filename).read_bytes()
    folder = tmp_path / lesson.name
    folder.mkdir()
    (folder / lesson.filename).write_bytes(stub.replace(b"\n", b"\r\n"))  # a Windows checkout
    assert pristine.is_pristine(lesson, tmp_path)
    (folder / lesson.filename).write_bytes(stub + b"\n# my attempt\n")
    assert not pristine.is_pristine(lesson, tmp_path)
    (folder / lesson.filename).unlink()
    assert not pristine.is_pristine(lesson, tmp_path)
