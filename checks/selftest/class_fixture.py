"""A generated class of 30 students for the class-grading tests and the demo bench:
solved, unsolved, wrong, broken, stuck, exiting, forging and copying work, in both
layouts a teacher receives (a folder like exercises/, or a whole clone of the kata).

`make_class(root, lessons)` writes the students and returns what each lesson of each
student must get: {student: {lesson name: status}}. The first lesson given is the
"victim" of the forgeries (lesson 02, whose stub fails); the others are solved or left
as stubs.
"""

import shutil

from conftest import REPO_DIR
from forgeries import FORGERIES

from kata.runner import ERROR, FAIL, NOT_STARTED, PASS, TAMPERED, TIMEOUT

SOLVED, STUB = "solved", "stub"


def source(lesson, tree):
    return (REPO_DIR / tree / lesson.name / lesson.filename).read_text()


def variants(lesson):
    """(what the student wrote, expected status) for one lesson, by kind of work."""
    solution, stub = source(lesson, "solutions"), source(lesson, "exercises")
    return {
        SOLVED: (solution, PASS),
        "solved, reformatted": ("# my solution\n" + solution.replace("\n\n\n", "\n\n\n\n"), PASS),
        STUB: (stub, NOT_STARTED),
        "wrong fix": (stub + "\n# I think it works now\n", FAIL),
        "unusual wrong fix": (stub + "\nUNUSUAL = 42  # shared by two students\n", FAIL),
        "syntax error": (solution + "\ndef broken(:\n", ERROR),
        "exception at import": (solution + "\nraise RuntimeError('boom')\n", ERROR),
        "stuck at import": (solution + "\nwhile True:\n    pass\n", TIMEOUT),
        "os._exit": (solution + "\nimport os\nos._exit(0)\n", ERROR),
    }


def plan(lessons):
    """{student: {lesson name: kind of work}}: 30 students."""
    first, others = lessons[0], lessons[1:]

    def student(first_kind, other_kind=SOLVED):
        return {first.name: first_kind, **{lesson.name: other_kind for lesson in others}}

    students = {}
    for number in range(1, 6):
        students[f"solved-{number}"] = student(SOLVED)
    students["solved-reformatted"] = student("solved, reformatted")
    for number in range(1, 5):
        students[f"not-started-{number}"] = student(STUB, STUB)
    students["half-done"] = student(STUB)
    for number in range(1, 3):
        students[f"wrong-{number}"] = student("wrong fix")
    students["pair-a"] = student("unusual wrong fix")
    students["pair-b"] = student("unusual wrong fix")
    students["syntax-error"] = student("syntax error")
    students["crashes"] = student("exception at import", "exception at import")
    students["stuck"] = student("stuck at import")
    students["exits"] = student("os._exit")
    for number, forgery in enumerate(list(FORGERIES)[:11], 1):
        students[f"forger-{number:02d}"] = student(forgery)
    assert len(students) == 30, len(students)
    return students


def make_class(root, lessons) -> dict:
    expected = {}
    for index, (name, work) in enumerate(plan(lessons).items()):
        clone = index % 3 == 0  # every third student hands in a whole clone of the kata
        folder = root / name / "exercises" if clone else root / name
        expected[name] = {}
        for lesson in lessons:
            kind = work[lesson.name]
            shutil.copytree(REPO_DIR / "exercises" / lesson.name, folder / lesson.name,
                            ignore=shutil.ignore_patterns("__pycache__"))
            if kind in FORGERIES:
                text, status = source(lesson, "exercises") + "\n" + FORGERIES[kind], TAMPERED
            else:
                text, status = variants(lesson)[kind]
            (folder / lesson.name / lesson.filename).write_text(text)
            expected[name][lesson.name] = status
        if clone:
            (root / name / "README.md").write_text("my clone of the kata\n")
    return expected
