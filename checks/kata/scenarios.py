"""Scenario checks for a shared object: Lincheck for the kata.

A lesson whose unit is one shared object (an Inventory, a GiftCard, a Ledger)
declares it once, as a `SharedObject`: how to build it, its operations (how to
call each one and the arguments to try, smallest first, chosen to hit the edges:
an amount that exactly fits, two that cannot both be covered, opposite
directions, reads mixed with writes) and its observers (how to read the final
state). From that the engine

1. generates scenarios: 1-3 threads, each calling 1-3 operations in order;
2. runs each scenario under the controlled scheduler (kata.scheduler.explore):
   every schedule with up to one forced thread switch, and for two threads
   making up to three calls those with two as well, up to DEEP_SEARCH_SCHEDULES
   schedules in all (where more would be needed, the ones with two are a
   sample). The scheduler skips schedules that only reorder steps that cannot
   affect each other (its partial-order reduction), so this is far fewer than
   all of them. A lone caller has no other caller to race with: its
   interleavings with a thread its object started, such as an actor's owner,
   are hand-overs that one switch shows out of order;
3. accepts a schedule only if the return values, exceptions (by class name, and
   by args where the contract says so) and final observed state equal those of
   SOME one-at-a-time order of the same calls that keeps each thread's order and
   puts a call that finished before another started first (linearizability).
   Those sequential results come from running the REFERENCE solution on each
   order, so the reference is the specification.

A lost update, a check acted on after another thread changed the state, a
refusal no sequential order gives, a deadlock, a lock left held: every one of
them falls out of that single rule; nothing lesson-specific is asserted.

Real-time order: only one thread runs at a time under the scheduler, so a plain
counter bumped when each call starts and ends tells which call finished before
another started.

Repetitions: the exploration of a scenario is deterministic, so one that passed
is not explored again for the same learner source in the same grading process;
each repetition adds its own seeded sample of larger scenarios instead. A
failing scenario is found again in every repetition.

The minimal failing scenario: scenarios are enumerated smallest first (fewest
threads, then fewest calls, then the earliest-declared, i.e. smallest,
arguments) and the search stops at the first one that fails, so the scenario the
learner sees is minimal by construction, and the schedule shown is the
scheduler's shortest (fewest preemptions, then fewest steps).

Why not Hypothesis: a scenario costs one exploration of tens to hundreds of
schedules (5-50 ms). Hypothesis finds a failure with random examples and then
shrinks it by re-running many candidate examples, each a full exploration; that
alone exceeds the lesson's ~2 s budget for a verdict, and its example database,
health checks and deadlines would need to be tamed to keep verdicts
deterministic. The scenario space here is small and discrete (a handful of
calls, 2-3 threads), so enumerating it smallest first gives the minimal failing
scenario directly, deterministically, with no shrinking runs. The random part
(a sample of larger scenarios, different in each repetition) uses
`random.Random(repetition)`; the schedules themselves are all systematic (no
random schedules: a passing scenario is explored once per process anyway).
"""

import copy
import importlib.util
import itertools
import math
import os
import random
from dataclasses import dataclass, field
from typing import Callable, Tuple

from kata import plugin
from kata.interleavings import (learner_file, learner_source, load_learner_controlled,
                               refuse_unsupported_interpreter)
from kata.scheduler import _sync, cooperative_threading, explore, uses
from kata.teach import explain

SHOWN_SEQUENTIAL_RESULTS = 4  # distinct one-at-a-time results listed in a message
NUMBER_WORDS = {2: "two", 3: "three"}
# Two threads: every schedule with up to one forced switch, then those with two until
# this many schedules have run in all. The bugs of the blind corpus that need two
# switches show within 23 (lost updates behind a lazily made lock, a refund after an
# overdraft, an audit that reads an actor's balances itself, a total that locks one
# account at a time), and those of an actor on a queue with Futures fit whole (4
# schedules each); a pool as the actor, or a lock per account, need more than 60 and
# are sampled either way. A count, not a clock: the same verdict anywhere.
DEEP_SEARCH_SCHEDULES = 40
MAX_CALLS_WITH_TWO_SWITCHES = 3
# No clock bounds a scenario's search: its levels, DEEP_SEARCH_SCHEDULES and explore()'s
# max_schedules do, so a slower machine (3.10 traces every opcode) gives the same
# verdict later. A machine too slow even for that meets the check's own timeout.
SEARCH_TIME_BUDGET = math.inf


# ---------------------------------------------------------------- declaring an object

@dataclass(frozen=True)
class Operation:
    """One public operation of the shared object.

    `call(obj, *args)` performs it; `args` lists the argument tuples to try,
    smallest first, or is a function of the constructor's arguments that returns
    them (so an edge value can be stated as one: "the whole balance"); `reads`
    marks an operation that only looks at the state (a scenario of reads alone is
    never generated: it cannot conflict); `returns`: False when the contract says
    nothing about the return value, so only "returned" vs "raised X" is compared."""

    name: str
    call: Callable
    args: object = ((),)
    reads: bool = False
    returns: bool = True

    def perform(self, obj, args, with_args, locate=False):
        outcome = outcome_of(lambda: self.call(obj, *args), with_args, locate)
        if not self.returns and isinstance(outcome, Returned):
            return RETURNED_ANYTHING
        return outcome

    def arguments(self, constructor):
        return tuple(self.args(*constructor)) if callable(self.args) else tuple(self.args)

    def label(self, args):
        return f"{self.name}({', '.join(repr(arg) for arg in args)})"


@dataclass(frozen=True)
class SharedObject:
    """A lesson's shared object, declared once for every scenario check.

    `class_name` is looked up in the learner's and the reference module and
    called with `constructor` (a tuple of arguments, deep-copied for every
    object). `observers` maps a label such as "balance()" to a function of the
    object that reads the final state. `exception_args`: compare exceptions by
    class name and args (True) or by class name only (False)."""

    class_name: str
    constructor: tuple
    operations: Tuple[Operation, ...]
    observers: Tuple[Tuple[str, Callable], ...]
    exception_args: bool = False

    def calls(self):
        """Every (operation, args) pair, in declaration order: smallest first."""
        return [(operation, args) for operation in self.operations
                for args in operation.arguments(self.constructor)]

    def build(self, module):
        return getattr(module, self.class_name)(*_fresh_copy(self.constructor))

    def title(self):
        return f"{self.class_name}({', '.join(repr(arg) for arg in self.constructor)})"


_IMMUTABLE = (int, float, bool, str, bytes, type(None))


def _fresh_copy(value):
    """copy.deepcopy for the plain data a constructor takes, several times faster
    (it runs before every schedule); anything else goes to deepcopy."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is tuple:
        return tuple(_fresh_copy(item) for item in value)
    if kind is list:
        return [_fresh_copy(item) for item in value]
    if kind is dict and all(type(key) in _IMMUTABLE for key in value):
        return {key: _fresh_copy(item) for key, item in value.items()}
    return copy.deepcopy(value)


@dataclass(frozen=True)
class Scenario:
    """What each thread calls, in order: threads[i] is a tuple of (operation, args)."""

    threads: tuple
    rank: tuple = field(compare=False, default=())

    def label(self, thread, position):
        operation, args = self.threads[thread][position]
        return operation.label(args)

    def describe(self):
        return "\n".join(f"  T{index + 1}: " + ", then ".join(op.label(args) for op, args in calls)
                         for index, calls in enumerate(self.threads))

    def positions(self):
        """(thread, position) of every call, thread by thread."""
        return [(thread, position) for thread, calls in enumerate(self.threads)
                for position in range(len(calls))]


def scenarios(spec, threads, calls_per_thread=1, *, min_calls=1):
    """Every scenario of exactly `threads` threads, each making 1..calls_per_thread
    calls (at least `min_calls` in all), smallest first, without mirror images
    (T1/T2 swapped) and without scenarios that only read."""
    calls = spec.calls()
    sequences = [sequence for length in range(1, calls_per_thread + 1)
                 for sequence in itertools.product(range(len(calls)), repeat=length)]
    found = []
    for combination in itertools.combinations_with_replacement(sequences, threads):
        total = sum(len(sequence) for sequence in combination)
        if total < min_calls or all(calls[i][0].reads for sequence in combination for i in sequence):
            continue
        rank = (threads, total, sum(i for sequence in combination for i in sequence), combination)
        found.append(Scenario(tuple(tuple(calls[i] for i in sequence) for sequence in combination), rank))
    found.sort(key=lambda scenario: scenario.rank)
    return found


# ---------------------------------------------------------------- outcomes

@dataclass(frozen=True)
class Returned:
    value: object

    def matches(self, other):
        return isinstance(other, Returned) and same_value(self.value, other.value)

    def __str__(self):
        return f"-> {safe_repr(self.value)}"


class ReturnedAnything:
    """A call whose return value the contract leaves open returned (any value)."""

    def matches(self, other):
        return other is self

    def __str__(self):
        return "returns"


RETURNED_ANYTHING = ReturnedAnything()


@dataclass(frozen=True)
class Raised:
    name: str
    args: tuple
    where: str = field(default="", compare=False)  # "inventory.py:18" in the learner's code

    def matches(self, other, with_args=False):
        return (isinstance(other, Raised) and self.name == other.name
                and (not with_args or same_value(self.args, other.args)))

    def __str__(self):
        return f"raises {self.name}" + (f" (at {self.where})" if self.where else "")


def outcome_of(call, with_args, locate=False):
    """Run `call()`; what it returned or raised (learner exceptions are results).
    `locate`: note the line that raised, for the learner's own code."""
    try:
        return Returned(call())
    except Exception as exc:  # noqa: BLE001 - any learner exception is an outcome to compare
        return Raised(type(exc).__name__, tuple(exc.args) if with_args else (),
                      raised_at(exc.__traceback__) if locate else "")


def raised_at(traceback):
    """'file.py:line' of the innermost frame of a traceback."""
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    return f"{os.path.basename(traceback.tb_frame.f_code.co_filename)}:{traceback.tb_lineno}"


def same_value(expected, got):
    """Equal and of exactly the same type, recursively for tuples/lists/dicts:
    the learner's value never gets to run its own __eq__."""
    if type(expected) is not type(got):
        return False
    if isinstance(expected, (tuple, list)):
        return len(expected) == len(got) and all(map(same_value, expected, got))
    if isinstance(expected, dict):
        return expected.keys() == got.keys() and all(same_value(expected[k], got[k]) for k in expected)
    return expected == got


def safe_repr(value):
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - learner __repr__ may be broken
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def matches(spec, expected, got):
    if isinstance(expected, Raised):
        return expected.matches(got, spec.exception_args)
    return expected.matches(got)


# ---------------------------------------------------------------- the specification

@dataclass
class SequentialRun:
    """The reference run with the calls in one order."""

    order: tuple          # (thread, position) in the order run
    outcomes: dict        # (thread, position) -> Returned | Raised
    observed: tuple       # (label, Returned | Raised) per observer


def load_reference(module_name, folder):
    """The reference solution, imported under a private name (never the learner's
    module name) with cooperative locks, which behave as real ones here."""
    path = folder / f"{module_name}.py"
    spec = importlib.util.spec_from_file_location(f"_kata_reference_{module_name}", path)
    module = importlib.util.module_from_spec(spec)
    with cooperative_threading():
        spec.loader.exec_module(module)
    return module


def observe(spec, obj):
    return tuple((label, outcome_of(lambda: read(obj), spec.exception_args)) for label, read in spec.observers)


def program_orders(scenario):
    """Every interleaving of the threads' calls that keeps each thread's order."""
    remaining = [len(calls) for calls in scenario.threads]

    def extend(done, taken):
        if len(taken) == sum(remaining):
            yield tuple(taken)
            return
        for thread, count in enumerate(remaining):
            if done[thread] < count:
                done[thread] += 1
                yield from extend(done, taken + [(thread, done[thread] - 1)])
                done[thread] -= 1

    return list(extend([0] * len(remaining), []))


def sequential_runs(spec, reference, scenario):
    runs = []
    for order in program_orders(scenario):
        obj = spec.build(reference)
        outcomes = {}
        for thread, position in order:
            operation, args = scenario.threads[thread][position]
            outcomes[(thread, position)] = operation.perform(obj, args, spec.exception_args)
        runs.append(SequentialRun(order, outcomes, observe(spec, obj)))
    return runs


# ---------------------------------------------------------------- one concurrent run

class Trial:
    """Bookkeeping of one schedule: what each call gave and when it started and
    ended on a counter that only moves while one thread runs at a time."""

    def __init__(self, threads):
        self.thread_count = threads
        self.clock = 0
        self.spans = {}       # (thread, position) -> (start, end)
        self.outcomes = {}    # (thread, position) -> Returned | Raised
        self.threads_left = threads
        self.observed = None
        self.observed_from_step = None  # trace steps from here on only read the final state

    def started(self, thread):
        # Only "one call ended before another started" matters to the verdict, so
        # for the search's reduction a call's start depends on the other threads'
        # call ends, and two starts (or two ends) may run in either order.
        for other in range(self.thread_count):
            if other != thread:
                uses(("a call of thread", other, "ended"), only_reads=True)
        return self._tick()

    def ended(self, thread):
        uses(("a call of thread", thread, "ended"))
        return self._tick()

    def _tick(self):
        self.clock += 1
        return self.clock


def thread_body(spec, scenario, thread, current):
    """The body of thread `thread`: make its calls in order, recording each; the
    last thread to finish reads the final state while it is still controlled, so
    a lock left held shows up as a deadlock rather than hanging the grader."""
    calls = scenario.threads[thread]

    def body(obj):
        trial = current["trial"]
        for position, (operation, args) in enumerate(calls):
            start = trial.started(thread)
            trial.outcomes[(thread, position)] = operation.perform(obj, args, spec.exception_args, locate=True)
            trial.spans[(thread, position)] = (start, trial.ended(thread))
        trial.threads_left -= 1
        if trial.threads_left == 0:
            trial.observed_from_step = steps_recorded()
            with _sync.final_reading():
                trial.observed = observe(spec, obj)

    return body


def steps_recorded():
    """How many trace steps the scheduler has recorded in this run so far, or None
    when it is not recording (or its internals changed: then nothing is trimmed)."""
    recorder = getattr(getattr(_sync.controlled_thread(), "run", None), "recorder", None)
    trace = getattr(recorder, "trace", None)
    return len(trace) if isinstance(trace, list) else None


def respects_real_time(order, spans):
    """No call in `order` comes before a call that had finished before it started."""
    for earlier_index, earlier in enumerate(order):
        for later in order[earlier_index + 1:]:
            if spans[later][1] < spans[earlier][0]:
                return False
    return True


def explained_by(spec, run, trial):
    """Does the one-at-a-time run `run` give exactly what `trial` saw?"""
    if trial.observed is None or len(trial.observed) != len(run.observed):
        return False
    for (label, expected), (_, got) in zip(run.observed, trial.observed):
        if not matches(spec, expected, got):
            return False
    return all(matches(spec, run.outcomes[key], trial.outcomes.get(key)) for key in run.outcomes)


def describe_call(scenario, thread, position, outcome):
    label = f"T{thread + 1} {scenario.label(thread, position)}"
    return f"{label} did not finish" if outcome is None else f"{label} {outcome}"


def describe_observed(label, outcome):
    return f"{label} = {safe_repr(outcome.value)}" if isinstance(outcome, Returned) else f"{label} {outcome}"


def describe_outcomes(scenario, order, outcomes, observed):
    text = ", ".join(describe_call(scenario, thread, position, outcomes.get((thread, position)))
                     for thread, position in order)
    if observed:
        text += "; then " + ", ".join(describe_observed(label, got) for label, got in observed)
    return text


def why_no_order(spec, scenario, allowed, trial):
    """Which part of the learner's result no one-at-a-time order gives, in words."""
    impossible = [describe_call(scenario, thread, position, trial.outcomes.get((thread, position)))
                  for thread, position in scenario.positions()
                  if not any(matches(spec, run.outcomes[(thread, position)], trial.outcomes.get((thread, position)))
                             for run in allowed)]
    impossible += [describe_observed(label, got) for index, (label, got) in enumerate(trial.observed or ())
                   if not any(matches(spec, run.observed[index][1], got) for run in allowed)]
    if impossible:
        return f"No one-at-a-time order gives {' or '.join(impossible)}"
    if any(explained_by(spec, run, trial) for run in allowed):
        return ("Only an order that puts a call before another that had already finished before "
                "it started gives that")
    return "Each of these results can happen, but no one-at-a-time order gives them all together"


# ---------------------------------------------------------------- exploring

@dataclass
class Verdict:
    """What exploring one scenario found: `result` is the scheduler's Result."""

    scenario: Scenario
    result: object
    allowed: list          # SequentialRun list
    preemptions: int = 2   # every schedule with up to this many forced switches was tried
    schedules: int = 0     # schedules run, in every search of this scenario
    got: str = ""          # the learner's result of the failing schedule, described

    @property
    def passed(self):
        return self.result.status == "pass"


def explore_scenario(spec, learner_module, reference, scenario, watch):
    """Explore every schedule of `scenario` on the learner's object."""
    allowed = sequential_runs(spec, reference, scenario)
    current = {}
    failures = []

    def setup():
        current["trial"] = Trial(len(scenario.threads))
        return spec.build(learner_module)

    def linearizable(obj):
        trial = current["trial"]
        if any(explained_by(spec, run, trial) and respects_real_time(run.order, trial.spans)
               for run in allowed):
            return None
        got = describe_outcomes(scenario, scenario.positions(), trial.outcomes, trial.observed)
        failures.append((got, trial.observed_from_step))
        return f"Your code gave: {got}. {why_no_order(spec, scenario, allowed, trial)}"

    threads = [thread_body(spec, scenario, index, current) for index in range(len(scenario.threads))]

    # Two forced switches for two threads making up to three calls; one for more
    # threads or calls, whose level 1 is already large (and drawn anew each repetition).
    calls = sum(len(thread_calls) for thread_calls in scenario.threads)
    preemptions = 2 if len(threads) == 2 and calls <= MAX_CALLS_WITH_TWO_SWITCHES else 1
    result = explore(setup=setup, threads=threads, invariant=linearizable, watch=watch,
                     max_preemptions=preemptions, random_schedules=0,
                     time_budget=SEARCH_TIME_BUDGET, deeper_levels_within=DEEP_SEARCH_SCHEDULES,
                     between_schedules=plugin.still_needed)
    if preemptions == 2 and result.status == "inconclusive" and result.complete_level == 1:
        # Every schedule with one forced switch ran; those with two would not fit.
        preemptions = result.max_preemptions = 1
        result.status = "pass"
    verdict = Verdict(scenario, result, allowed, preemptions, result.schedules)
    if result.status == "fail" and failures:
        verdict.got, observed_from = failures[-1]  # the recorded replay runs last
        if observed_from is not None:
            # The grader's own reading of the final state is not part of the story.
            result.trace = result.trace[:observed_from]
    return verdict


def first_failure(spec, learner_module, reference, candidates, watch, *, passed=None):
    """The first scenario in `candidates` (smallest first) that does not pass, or
    None; also returns how many scenarios and schedules were explored. Scenarios
    in the set `passed` are skipped, and those that pass are added to it."""
    explored = schedules = 0
    for scenario in candidates:
        if passed is not None and scenario in passed:
            continue
        verdict = explore_scenario(spec, learner_module, reference, scenario, watch)
        explored += 1
        schedules += verdict.schedules
        if not verdict.passed:
            return verdict, explored, schedules
        if passed is not None:
            passed.add(scenario)
    return None, explored, schedules


# ---------------------------------------------------------------- telling the learner

def allowed_lines(spec, verdict):
    seen = []
    for run in verdict.allowed:
        text = describe_outcomes(verdict.scenario, run.order, run.outcomes, run.observed)
        if text not in seen:
            seen.append(text)
    lines = [f"  {text}" for text in seen[:SHOWN_SEQUENTIAL_RESULTS]]
    if len(seen) > SHOWN_SEQUENTIAL_RESULTS:
        lines.append(f"  ... ({len(seen) - SHOWN_SEQUENTIAL_RESULTS} more)")
    return lines


def failure_message(spec, verdict):
    """The smallest scenario, what one-at-a-time runs allow, what the learner's
    code gave, and the step-by-step interleaving."""
    scenario, result = verdict.scenario, verdict.result
    count = len(scenario.threads)
    if count == 1:
        opening = f"The smallest scenario that breaks your {spec.class_name}: on a new {spec.title()}, one thread calls"
    else:
        opening = (f"The smallest scenario that breaks your {spec.class_name}: on a new {spec.title()}, "
                   f"{NUMBER_WORDS[count]} threads call at the same time")
    lines = [opening, scenario.describe()]
    if count == 1:
        lines.append("The reference solution gives:")
    else:
        lines.append("Run one at a time (any order that keeps each thread's own order), these calls give:")
    lines += allowed_lines(spec, verdict)
    if result.status == "deadlock":
        stuck = "the thread got stuck" if count == 1 else "the threads got stuck"
        lines.append(f"Your code gave no result at all: {stuck}.")
    lines.append("")
    lines.append(result.explain())
    return "\n".join(lines)


def incomplete_message(spec, verdict):
    return (f"The grader could not try every interleaving of this scenario on your "
            f"{spec.class_name}, so it cannot call your code correct ({verdict.result.status}):\n"
            f"{verdict.scenario.describe()}\n{verdict.result.explain()}")


def report(spec, verdict):
    if verdict.result.status in ("fail", "deadlock"):
        explain(failure_message(spec, verdict))
    explain(incomplete_message(spec, verdict))


# ---------------------------------------------------------------- for lesson checks

_references = {}
_passed = {}  # (learner_source(), spec) -> scenarios that passed in this process
searches = []  # (scenarios given, scenarios explored, schedules) of each require_linearizable call, for the benchmark


def reference_module():
    """The lesson's reference solution (trusted; loaded once per grading process)."""
    lesson = plugin.RUN.lesson
    key = (str(plugin.RUN.reference_dir), lesson.module)
    if key not in _references:
        _references[key] = load_reference(lesson.module, plugin.RUN.reference_dir)
    return _references[key]


_constructed = set()  # (learner_source(), id(spec)) whose constructor ran fine in this process


def require_constructor(spec, module):
    """The learner's constructor, run once under the scheduler (so a thread it
    starts, such as an actor's owner, is the run's and ends with it): a failure
    there is told as such, not as the first scenario's."""
    key = (learner_source(), id(spec))
    if key in _constructed:
        return
    failures = []

    def setup():
        try:
            return spec.build(module)
        except Exception as exc:  # noqa: BLE001 - the learner's constructor is under test
            failures.append(exc)
            return None

    explore(setup=setup, threads=[lambda obj: None], watch=[learner_file()], max_preemptions=0,
            random_schedules=0)
    if failures:
        explain(f"{spec.title()} failed before any scenario could run: "
                f"{plugin.describe_exception(failures[0])}")
    _constructed.add(key)


def require_linearizable(spec, candidates):
    """Every scenario in `candidates` (smallest first) must be linearizable against
    the reference solution; fail with the first that is not."""
    refuse_unsupported_interpreter(f"the calls on {spec.class_name}")
    module = load_learner_controlled()
    getattr(module, spec.class_name)  # a missing class makes the exercise ERROR, not FAIL
    require_constructor(spec, module)
    # The exploration of a scenario is deterministic: the same source gives the same
    # verdict in every repetition. A pass is remembered for this grading process (keyed
    # by the learner's source), so later repetitions spend their time on their own
    # sampled scenarios; a failure is found again in every repetition.
    # id(spec): the declaration holds a dict, so it cannot be hashed; a reused id is
    # harmless, scenarios compare their operations' functions by identity.
    passed = _passed.setdefault((learner_source(), id(spec)), set())
    verdict, explored, schedules = first_failure(spec, module, reference_module(), candidates,
                                                 [learner_file()], passed=passed)
    searches.append((len(candidates), explored, schedules))
    if verdict is not None:
        report(spec, verdict)


def repetition_draw(seed=None):
    """The random draw of this repetition: seeded by its number (or `seed`), so each
    repetition draws anew and a failure is drawn again when it is run again."""
    return random.Random(plugin.RUN.repetition if seed is None else seed)


def sampled(candidates, count, *, seed=None):
    """`count` of `candidates`, smallest first: a different draw in each repetition."""
    chosen = repetition_draw(seed).sample(list(candidates), min(count, len(candidates)))
    return sorted(chosen, key=lambda scenario: scenario.rank)


def one_caller(spec):
    """One thread: every sequence of up to two calls, and four drawn of three calls."""
    return (scenarios(spec, threads=1, calls_per_thread=2)
            + sampled(scenarios(spec, threads=1, calls_per_thread=3, min_calls=3), 4))


def two_callers(spec):
    """Two threads, one call each: every pair (where each edge value meets the others)."""
    return scenarios(spec, threads=2)


def larger(spec, count):
    """`count` scenarios drawn, in turn, from two threads with up to two calls each and
    from three threads with one call each (the first family is far larger, so one
    draw from both together would hardly ever give three threads)."""
    families = (scenarios(spec, threads=2, calls_per_thread=2, min_calls=3), scenarios(spec, threads=3))
    repetition, draw = plugin.RUN.repetition, repetition_draw()
    chosen = {draw.choice(families[(repetition + index) % len(families)]) for index in range(count)}
    return sorted(chosen, key=lambda scenario: scenario.rank)


__all__ = ["Operation", "SharedObject", "Scenario", "scenarios", "sampled", "one_caller",
           "two_callers", "larger", "explore_scenario", "first_failure", "failure_message",
           "load_reference", "require_linearizable"]
