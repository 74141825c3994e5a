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
                     random_schedules=30, seed=plugin.RUN.repetition)
    if result.status == "pass":
        return result
    if result.status in ("fail", "deadlock"):
        explain(result.explain())
    explain(
        f"The grader could not try every interleaving of {what}, so it cannot call your "
        f"code correct ({result.status}): {result.message}"
    )
