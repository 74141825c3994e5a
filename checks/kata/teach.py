"""How checks tell a learner what went wrong, in the learner's terms.

A check calls `explain(...)` instead of a bare `assert`: the grader shows the text as
it is, without a traceback of the check itself.
"""

from kata import host


class LessonFailure(AssertionError):
    """The learner's code behaved wrongly; `str(self)` is the full teaching message."""


class LearnerCodeBroken(Exception):
    """The learner's module cannot be used at all (syntax error, crash at import,
    a missing function, exiting the process). The exercise gets status ERROR."""


class CannotCheckHere(LearnerCodeBroken):
    """This interpreter cannot run the check at all (too new for the grader, a
    free-threaded build): the exercise gets status ERROR with a plain message saying
    so, never a pass and never a failure blamed on the learner's code."""


def cannot_check_here(check, reason):
    raise CannotCheckHere(
        f"The grader cannot check {check} on {host.interpreter_name()}: {reason}. This is "
        "a limit of the grader, not a fault in your code. Grade this lesson with a "
        "CPython 3.10-3.15 of the default build (with the GIL), e.g. "
        "`python3.13 -m nox -s grade`."
    )


def explain(happened, *, expected=None, got=None, revisit=None):
    """Fail the current check with a message a learner can act on."""
    lines = [happened.strip()]
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if got is not None:
        lines.append(f"  got:      {got}")
    if revisit:
        lines.append(f"  revisit:  {revisit}")
    raise LessonFailure("\n".join(lines))


def require_each_once(counts, items, *, rule, per, counted):
    """Fail with `rule` unless every item was counted exactly once (`counts` maps an
    item to how often the learner's code handled it, e.g. a Counter of calls)."""
    wrong = {item: counts[item] for item in items if counts[item] != 1}
    if wrong:
        explain(rule, expected=f"1 {per}", got=f"{counted} that were not 1: {wrong}")
