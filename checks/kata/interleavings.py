"""Checks that run learner code under the controlled scheduler (kata.scheduler) and
turn its verdict into a message for the learner.

The scheduler runs two or three thread bodies one step at a time and tries every
interleaving with up to two forced thread switches, so a race or a deadlock is found
on every run, and shown step by step. Anything short of a full exploration (budget
ran out, unsupported interpreter, a debugger holding the trace hook) fails the check
with the reason: it never passes unseen.
"""

from kata import plugin
from kata.scheduler import cooperative_threading, explore, interpreter_problem
from kata.teach import cannot_check_here, explain


def load_learner_controlled():
    """The learner's module, imported with the scheduler's cooperative locks in place,
    so module-level and instance locks can be switched between."""
    with cooperative_threading():
        return plugin.load_learner()


def learner_file():
    return str(plugin.RUN.learner_dir / plugin.RUN.lesson.filename)


def learner_source():
    """The learner's file as it is now: with its name, the key under which a search that
    found nothing is remembered for this grading process (an edit is a new key)."""
    with open(learner_file(), encoding="utf-8") as handle:
        return learner_file(), handle.read()


def refuse_unsupported_interpreter(what):
    """Where the scheduler cannot run at all (a free-threaded build, a CPython newer than
    its opcode tables) the check ends in ERROR with a plain reason: never a pass, and
    never a failure blamed on the learner's code. Call it before every explore()."""
    problem = interpreter_problem()
    if problem is not None:
        cannot_check_here(f"the interleavings of {what}", problem)


def require_every_interleaving(setup, threads, invariant, *, what):
    """Explore the interleavings of `threads` over fresh `setup()` state; fail with
    the shortest failing interleaving, or the reason exploration was incomplete."""
    # The guarantee is the full search of every schedule with up to two forced
    # switches; that part is the same in every repetition. The random schedules tried
    # on top are seeded with the repetition number, so each repetition adds new ones
    # and a failure stays reproducible.
    refuse_unsupported_interpreter(what)
    result = explore(setup=setup, threads=threads, invariant=invariant, watch=[learner_file()],
                     random_schedules=30, seed=plugin.RUN.repetition, between_schedules=plugin.still_needed)
    if result.status == "pass":
        return result
    if result.status in ("fail", "deadlock"):
        explain(result.explain())
    explain(
        f"The grader could not try every interleaving of {what}, so it cannot call your "
        f"code correct ({result.status}): {result.message}"
    )


# Learner code that starts a pool adds a blocking point at every task hand-over, and
# the schedules multiply with them, so no search can be complete. These checks try a
# fixed number of schedules, the same in every repetition: every schedule with one
# switch away from the default (a preemption or a different pick at a hand-over),
# then the ones with two, in order, up to POOL_SCHEDULES. A lost update needs one
# (the stubs of lessons 06 and 08 fail by the 7th schedule).
POOL_SCHEDULES = 40

# (learner_source(), what, inputs, schedules) -> the result of a search that
# found no failure in this grading process
_passed = {}


def require_bounded_interleavings(setup, threads, invariant, *, what, inputs=None,
                                  schedules=POOL_SCHEDULES, after_deadlock="", after_exception=None):
    """Like require_every_interleaving, for code that runs its own pool or threads:
    the first `schedules` schedules (fewest thread switches first) must all pass.
    `after_deadlock`: what a deadlock means in the lesson's terms, shown after the
    report of where each thread is stuck; `after_exception` maps an exception name
    to what it means when a thread raised it.

    `inputs`: a hashable description of everything the run depends on besides the
    learner's source. With it, a search that found nothing is not run again in a later
    repetition of the same grading: the same schedules of the same code give the same
    results (as kata.scenarios does for scenarios). A failure is found again each time."""
    refuse_unsupported_interpreter(what)
    key = None if inputs is None else (learner_source(), what, inputs, schedules)
    if key in _passed:
        return _passed[key]
    result = explore(setup=setup, threads=threads, invariant=invariant, watch=[learner_file()],
                     max_preemptions=2, count_every_switch=True, max_schedules=schedules,
                     random_schedules=0, time_budget=30.0, seed=plugin.RUN.repetition,
                     between_schedules=plugin.still_needed)
    if result.status in ("pass", "inconclusive"):  # inconclusive: no failure in the bound
        if key is not None:
            _passed[key] = result
        return result
    if result.status == "deadlock" and after_deadlock:
        explain(result.explain() + "\n" + after_deadlock)
    for name, meaning in (after_exception or {}).items():
        if result.status == "fail" and f" raised {name}" in result.message:
            explain(result.explain() + "\n" + meaning)
    if result.status in ("fail", "deadlock"):
        explain(result.explain())
    explain(
        f"The grader could not run {what} under its scheduler, so it cannot call your code "
        f"correct ({result.status}): {result.message}"
    )
