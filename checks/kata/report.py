"""The scoreboard a learner reads, and the Gradescope results.json a teacher uploads."""

import json
import textwrap

from kata.runner import PASS


def scoreboard(results, *, target_label, count) -> str:
    lines = [
        f"Graded {target_label} ({count} repetition{'s' if count != 1 else ''} of every check)",
        "",
        f"  {'#':<3} {'Lesson':<28} {'Status':<12} {'Checks':>7} {'Points':>8}",
    ]
    for result in results:
        lesson = result.lesson
        checks = f"{result.checks_passed}/{len(result.checks)}" if result.checks else "-"
        lines.append(
            f"  {lesson.number:02d}  {lesson.title:<28} {result.status:<12} {checks:>7} "
            f"{result.points:>4}/{lesson.points:<3}"
        )
    earned = sum(result.points for result in results)
    possible = sum(result.lesson.points for result in results)
    passed = sum(result.status == PASS for result in results)
    lines += ["", f"  Total: {earned}/{possible} points, {passed} of {len(results)} lessons pass"]
    for result in results:
        for note in result.skip_notes:
            lines.append(f"  Note on {result.lesson.number:02d}: a check was skipped: {note}")
    for result in results:
        if result.status != PASS:
            lines += ["", *lesson_details(result)]
    return "\n".join(lines)


def wrapped(text, indent="  ", width=88):
    """Wrap each line of a message, keeping its own indentation."""
    out = []
    for line in text.splitlines():
        inner = indent + " " * (len(line) - len(line.lstrip()))
        out.append(textwrap.fill(line.strip(), width, initial_indent=inner, subsequent_indent=inner + "  ")
                   if line.strip() else "")
    return "\n".join(out)


def lesson_details(result):
    lesson = result.lesson
    heading = f"{lesson.number:02d} {lesson.title}: {result.status}"
    if result.status == "NOT STARTED":
        heading += f" (exercises/{lesson.name}/{lesson.filename} is still the original stub)"
    lines = [heading, wrapped(result.message)]
    if result.output_bytes > 64 * 1024:
        lines.append(f"  (your code printed {result.output_bytes // 1024} KiB of output while being graded)")
    lines += [
        wrapped(f"Revisit: {lesson.concept}"),
        f"  Read exercises/{lesson.name}/README.md, then regrade just this one: nox -s grade -- {lesson.number:02d}",
    ]
    return lines


def gradescope_json(results, *, seconds) -> str:
    """Gradescope's results.json schema: one test per lesson."""
    tests = []
    for result in results:
        lesson = result.lesson
        output = f"{result.status}: {result.checks_passed}/{len(result.checks)} checks passed"
        if result.message:
            output += "\n" + result.message
        tests.append({
            "number": f"{lesson.number:02d}",
            "name": f"{lesson.number:02d} {lesson.title}",
            "score": result.points,
            "max_score": lesson.points,
            "status": "passed" if result.status == PASS else "failed",
            "output": output,
            "visibility": "visible",
        })
    return json.dumps({
        "score": sum(test["score"] for test in tests),
        "max_score": sum(test["max_score"] for test in tests),
        "execution_time": round(seconds, 2),
        "output": f"{sum(r.status == PASS for r in results)} of {len(results)} lessons pass",
        "tests": tests,
    }, indent=2)
