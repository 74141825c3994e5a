"""What a learner reads: the scoreboard of a grade, the progress board of `nox -s list`
(both one table, one row per lesson), and the Gradescope results.json a teacher uploads.

Every function takes an optional `style` (kata.display.Style) that colours statuses on
a terminal; the default is plain text.
"""

import json
import textwrap

from kata.display import PLAIN
from kata.runner import ERROR, NOT_STARTED, PASS


def title_width(lessons) -> int:
    return max([28, *(len(lesson.title) for lesson in lessons)])


def header(width=28) -> str:
    return f"  {'#':<3} {'Lesson':<{width}} {'Status':<12} {'Checks':>7} {'Points':>8}"


def row(lesson, status, checks, points, style=PLAIN, note="", width=28) -> str:
    """One lesson's line of the table; `checks` is (passed, total) or None."""
    checks = f"{checks[0]}/{checks[1]}" if checks else "-"
    line = (f"  {lesson.number:02d}  {lesson.title:<{width}} {style.status(status, 12)} {checks:>7} "
            f"{points:>4}/{lesson.points:<3}")
    return f"{line}  {style(note, 'dim')}" if note else line


def scoreboard(results, *, target_label, count, style=PLAIN) -> str:
    lines = [
        # (A check whose run cannot vary runs once: see README, "Every check runs several times".)
        f"Graded {target_label} ({count} repetition{'s' if count != 1 else ''})",
        "",
        header(width := title_width(result.lesson for result in results)),
    ]
    for result in results:
        checks = (result.checks_passed, len(result.checks)) if result.checks else None
        lines.append(row(result.lesson, result.status, checks, result.points, style, width=width))
    earned = sum(result.points for result in results)
    possible = sum(result.lesson.points for result in results)
    passed = sum(result.status == PASS for result in results)
    lines += ["", f"  Total: {earned}/{possible} points, {passed} of {len(results)} lessons pass"]
    for result in results:
        for note in result.skip_notes:
            lines.append(f"  Note on {result.lesson.number:02d}: a check was skipped: {note}")
    for result in results:
        if result.status != PASS:
            lines += ["", *lesson_details(result, style)]
    return "\n".join(lines)


def progress_line(progress, style=PLAIN) -> str:
    """`Progress [####----] 2/4 lessons done, 20/40 points` for a list of
    kata.practice.Progress."""
    done = sum(entry.done for entry in progress)
    earned = sum(entry.points for entry in progress)
    possible = sum(entry.lesson.points for entry in progress)
    return (f"  Progress {style.bar(done, len(progress))} {done}/{len(progress)} lessons done, "
            f"{earned}/{possible} points")


def progress_board(progress, style=PLAIN) -> str:
    """The table of `nox -s list`: every lesson's recorded status, and the total."""
    width = title_width(entry.lesson for entry in progress)
    lines = [header(width)]
    for entry in progress:
        note = "changed since graded" if entry.stale else ""
        lines.append(row(entry.lesson, entry.status, entry.checks, entry.points, style, note, width))
    lines += ["", progress_line(progress, style)]
    return "\n".join(lines)


def wrapped(text, indent="  ", width=88):
    """Wrap the prose lines of a message; indented lines (expected/got, the steps of
    an interleaving, where threads are stuck) are tables and stay as they are."""
    out = []
    for line in text.splitlines():
        if line[:1].isspace() or not line.strip():
            out.append(indent + line if line.strip() else "")
        else:
            out.append(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent + "  "))
    return "\n".join(out)


def lesson_details(result, style=PLAIN, *, regrade=True):
    """What went wrong, the concept to revisit, and what to do next."""
    lesson = result.lesson
    heading = f"{lesson.number:02d} {lesson.title}: {style.status(result.status)}"
    if result.status == NOT_STARTED:
        heading += f" (exercises/{lesson.name}/{lesson.filename} is still the original stub)"
    lines = [heading, wrapped(result.message)]
    if result.output_bytes > 64 * 1024:
        lines.append(f"  (your code printed {result.output_bytes // 1024} KiB of output while being graded)")
    lines.append(wrapped(f"Revisit: {lesson.concept}"))
    if regrade:
        lines.append(f"  Read exercises/{lesson.name}/README.md, then regrade just this one: "
                     f"nox -s grade -- {lesson.number:02d}")
    else:
        lines.append(f"  Read exercises/{lesson.name}/README.md")
    return lines


def lesson_summary(result) -> dict:
    """What the JSON outputs and the class gradebook keep of one lesson's verdict."""
    lesson = result.lesson
    failing = [check.title for check in result.checks
               if any(outcome["result"] not in ("passed", "skipped") for outcome in check.outcomes)]
    return {
        "lesson": lesson.name, "number": f"{lesson.number:02d}", "title": lesson.title,
        "status": result.status, "points": result.points, "max_points": lesson.points,
        "checks": [result.checks_passed, len(result.checks)], "failing_check": failing[0] if failing else "",
        "message": result.message, "revisit": lesson.concept, "seconds": round(result.seconds, 2),
    }


def lesson_feedback(summary) -> str:
    """The teaching text of one lesson for a JSON report: status, what went wrong, what
    to revisit."""
    passed, total = summary["checks"]
    text = f"{summary['status']}: {passed}/{total} checks passed"
    if summary["status"] != PASS:
        text += f"\n{summary['message']}\nRevisit: {summary['revisit']}"
    return text


def gradescope_json(summaries, *, seconds) -> str:
    """Gradescope's results.json schema: one test per lesson (`summaries` from
    lesson_summary)."""
    tests = [{
        "number": summary["number"],
        "name": f"{summary['number']} {summary['title']}",
        "score": summary["points"],
        "max_score": summary["max_points"],
        "status": "passed" if summary["status"] == PASS else "failed",
        "output": lesson_feedback(summary),
        "visibility": "visible",
    } for summary in summaries]
    passed = sum(summary["status"] == PASS for summary in summaries)
    return json.dumps({
        "score": sum(test["score"] for test in tests),
        "max_score": sum(test["max_score"] for test in tests),
        "execution_time": round(seconds, 2),
        "output": f"{passed} of {len(summaries)} lessons pass",
        "tests": tests,
    }, indent=2)


CLASSROOM_STATUS = {PASS: "pass", ERROR: "error"}  # everything else: "fail"


def classroom_json(summaries) -> str:
    """The runner results GitHub Classroom's grading reporter reads (one test per lesson):
    {"version": 1, "status": "pass"|"fail"|"error", "max_score": N, "tests": [...]}."""
    tests = [{
        "name": f"{summary['number']} {summary['title']}",
        "status": CLASSROOM_STATUS.get(summary["status"], "fail"),
        "score": summary["points"],
        "max_score": summary["max_points"],
        "message": lesson_feedback(summary),
        "test_code": f"nox -s grade -- {summary['number']}",
        "filename": "",
        "line_no": 0,
        "execution_time": f"{summary['seconds']:.2f}s",
    } for summary in summaries]
    statuses = {test["status"] for test in tests}
    overall = "pass" if statuses <= {"pass"} else "fail" if "fail" in statuses else "error"
    return json.dumps({"version": 1, "status": overall,
                       "max_score": sum(test["max_score"] for test in tests), "tests": tests})
