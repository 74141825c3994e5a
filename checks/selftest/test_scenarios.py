"""The scenario engine (kata.scenarios): its linearizability rule on tiny hand-made
objects, and the verdicts of lessons 06-08 on plausible learner submissions.

scenario_samples/engine/ holds a tiny counter (its reference and variants);
scenario_samples/NN_lesson/{right,wrong}_*/ hold whole learner submissions, each
with a one-line docstring saying what it does and why it is right or wrong.
"""

import inspect
import sys
from pathlib import Path

import pytest
from conftest import LESSONS
from scenario_harness import run_repetition, scenario_checks

from kata import scenarios
from kata.runner import FAIL, grade_lesson
from kata.scenarios import (Operation, Raised, Returned, SharedObject, first_failure, load_reference,
                            respects_real_time, same_value)

SAMPLES = Path(__file__).resolve().parent / "scenario_samples"
ENGINE_SAMPLES = SAMPLES / "engine"

# Under coverage or a debugger the scheduler refuses to run ("unsupported"), by design.
pytestmark = pytest.mark.skipif(sys.gettrace() is not None, reason="a tracer is already active")

COUNTER = SharedObject(
    class_name="Counter",
    constructor=(0,),
    operations=(
        Operation("increment", lambda counter: counter.increment()),
        Operation("value", lambda counter: counter.value(), reads=True),
    ),
    observers=(("value()", lambda counter: counter.value()),),
)


def load(name):
    return load_reference(name, ENGINE_SAMPLES)  # under a private module name, with cooperative locks


def search(name, candidates):
    """(verdict or None, scenarios explored) for the sample counter `name`."""
    verdict, explored, _ = first_failure(COUNTER, load(name), load("counter_reference"), candidates,
                                         [str(ENGINE_SAMPLES / f"{name}.py")])
    return verdict, explored


def every_small_scenario():
    return (scenarios.scenarios(COUNTER, threads=1, calls_per_thread=2)
            + scenarios.scenarios(COUNTER, threads=2, calls_per_thread=2)
            + scenarios.scenarios(COUNTER, threads=3))


# ---------------------------------------------------------------- the rule


def test_a_locked_counter_written_differently_passes():
    verdict, explored = search("counter_locked", every_small_scenario())
    assert verdict is None
    assert explored == len(every_small_scenario())


def test_a_racy_counter_fails_with_the_smallest_scenario():
    verdict, _ = search("counter_racy", every_small_scenario())
    assert verdict is not None and verdict.result.status == "fail"
    assert verdict.scenario.describe() == "  T1: increment()\n  T2: increment()"
    message = scenarios.failure_message(COUNTER, verdict)
    assert "T1 increment() -> 1, T2 increment() -> 2; then value() = 2" in message  # allowed
    assert ("Your code gave: T1 increment() -> 1, T2 increment() -> 1; then value() = 1. "
            "No one-at-a-time order gives value() = 1.") in message
    assert "update was lost" in message  # the scheduler's interleaving story
    # The grader's own reading of the final state (value()) is trimmed from the interleaving.
    value_line = inspect.getsourcelines(load("counter_racy").Counter.value)[1] + 1
    assert verdict.result.trace
    assert f"counter_racy.py:{value_line}" not in [step.location for step in verdict.result.trace]


def test_a_return_value_no_sequential_order_gives_fails():
    """The final count is right; only the return values show the problem."""
    verdict, _ = search("counter_wrong_return", every_small_scenario())
    assert verdict is not None and verdict.result.status == "fail"
    assert verdict.scenario.describe() == "  T1: increment()\n  T2: increment()"
    assert verdict.got.endswith("then value() = 2")
    assert "-> 2, T2 increment() -> 2" in verdict.got
    assert "but no one-at-a-time order gives them all together" in verdict.result.message


def test_a_deadlock_fails_in_one_thread():
    verdict, _ = search("counter_self_deadlock", every_small_scenario())
    assert verdict is not None and verdict.result.status == "deadlock"
    assert verdict.scenario.describe() == "  T1: increment()"
    assert "got stuck" in scenarios.failure_message(COUNTER, verdict)


def test_a_lock_left_held_is_a_deadlock_not_a_hang():
    """The final state is read by the last controlled thread, so a lock nobody will
    release stops the run instead of blocking the grader."""
    verdict, _ = search("counter_lock_left_held", every_small_scenario())
    assert verdict is not None and verdict.result.status == "deadlock"
    assert verdict.scenario.describe() == "  T1: increment()"


def test_scenarios_come_smallest_first_without_mirrors_or_reads_alone():
    two = scenarios.scenarios(COUNTER, threads=2, calls_per_thread=2)
    described = [scenario.describe() for scenario in two]
    assert described[0] == "  T1: increment()\n  T2: increment()"
    assert "  T1: value()\n  T2: value()" not in described  # reads alone cannot conflict
    assert "  T1: value()\n  T2: increment()" not in described  # the mirror of the next one
    assert "  T1: increment()\n  T2: value()" in described
    assert [s.rank for s in two] == sorted(s.rank for s in two)
    assert len(described) == len(set(described))


def test_arguments_can_be_derived_from_the_constructor():
    card = SharedObject("GiftCard", (5,), (
        Operation("charge", lambda c, amount: c.charge(amount), args=lambda balance: ((1,), (balance,))),
        Operation("balance", lambda c: c.balance(), reads=True)), observers=())
    assert [operation.label(args) for operation, args in card.calls()] == ["charge(1)", "charge(5)", "balance()"]


def test_real_time_order_is_respected():
    spans = {(0, 0): (1, 2), (1, 0): (3, 4)}  # T1's call ended before T2's started
    assert respects_real_time(((0, 0), (1, 0)), spans)
    assert not respects_real_time(((1, 0), (0, 0)), spans)
    overlapping = {(0, 0): (1, 4), (1, 0): (2, 3)}
    assert respects_real_time(((1, 0), (0, 0)), overlapping)


def test_values_compare_strictly_and_never_run_learner_eq():
    class Liar:
        def __eq__(self, other):
            return True

    assert not same_value(True, 1)
    assert not same_value(1, Liar())
    assert same_value((1, [True]), (1, [True]))
    assert not Returned(1).matches(Returned(Liar()))
    assert Raised("OutOfStock", ()).matches(Raised("OutOfStock", ("lamp",)))
    assert Raised("OutOfStock", ("lamp",)).matches(Raised("OutOfStock", ("lamp",)), with_args=True)
    assert not Raised("OutOfStock", ("lamp",)).matches(Raised("OutOfStock", ("desk",)), with_args=True)
    assert not Raised("OutOfStock", ()).matches(Raised("KeyError", ()))


def test_the_sample_draw_depends_on_the_repetition_only():
    larger = scenarios.scenarios(COUNTER, threads=2, calls_per_thread=2, min_calls=3)
    assert scenarios.sampled(larger, 2, seed=3) == scenarios.sampled(larger, 2, seed=3)
    assert len({tuple(scenarios.sampled(larger, 2, seed=seed)) for seed in range(1, 6)}) > 1


# ---------------------------------------------------------------- lessons 06-08

# Each wrong submission must fail every repetition with this smallest scenario.
MINIMAL_SCENARIOS = {
    "06_racy_counter/wrong_check_outside_lock": ["T1: remove('lamp')", "T2: remove('lamp', 2)"],
    "06_racy_counter/wrong_lock_only_the_check": ["T1: remove('lamp')", "T2: remove('lamp')"],
    "06_racy_counter/wrong_lock_per_call": ["T1: remove('lamp')", "T2: remove('lamp')"],
    "06_racy_counter/wrong_nonblocking_decline": ["T1: remove('lamp')", "T2: remove('lamp')"],
    "07_critical_section/wrong_check_outside_lock": ["T1: charge(1)", "T2: charge(2)"],
    "07_critical_section/wrong_lock_per_call": ["T1: charge(1)", "T2: charge(1)"],
    "07_critical_section/wrong_nonblocking_decline": ["T1: charge(1)", "T2: charge(1)"],
    "07_critical_section/wrong_top_up_other_lock": ["T1: charge(1)", "T2: top_up(1)"],
    "07_critical_section/wrong_top_up_unlocked": ["T1: charge(1)", "T2: top_up(1)"],
    "08_lock_vs_rlock/wrong_account_locks_in_argument_order":
        ["T1: transfer('alice', 'bob', 2)", "T2: transfer('bob', 'alice', 1)"],
    "08_lock_vs_rlock/wrong_check_outside_lock": ["T1: withdraw('alice', 2)", "T2: withdraw('alice', 2)"],
    "08_lock_vs_rlock/wrong_deposit_unlocked": ["T1: deposit('alice', 1)", "T2: deposit('alice', 1)"],
    "08_lock_vs_rlock/wrong_lock_per_call": ["T1: deposit('alice', 1)", "T2: deposit('alice', 1)"],
    "08_lock_vs_rlock/wrong_nonblocking_decline": ["T1: deposit('alice', 1)", "T2: withdraw('alice', 2)"],
    "08_lock_vs_rlock/wrong_transfer_in_two_steps": ["T1: transfer('alice', 'bob', 2)", "T2: total()"],
}
SCENARIO_LESSONS = ("06_racy_counter", "07_critical_section", "08_lock_vs_rlock")
RIGHT = sorted(f"{path.parent.name}/{path.name}" for lesson in SCENARIO_LESSONS
               for path in (SAMPLES / lesson).glob("right_*"))
REPETITIONS = 3


def lesson_of(sample):
    return next(lesson for lesson in LESSONS if lesson.name == sample.split("/")[0])


def test_every_sample_is_listed_and_says_what_it_is():
    wrong = sorted(f"{path.parent.name}/{path.name}" for lesson in SCENARIO_LESSONS
                   for path in (SAMPLES / lesson).glob("wrong_*"))
    assert wrong == sorted(MINIMAL_SCENARIOS)
    assert len(RIGHT) >= 15
    for sample in wrong + RIGHT:
        [source] = (SAMPLES / sample).glob("*.py")
        first = source.read_text().splitlines()[0]
        assert first.startswith('"""Right: ' if "/right_" in sample else '"""Wrong: '), sample


@pytest.mark.parametrize("sample", sorted(MINIMAL_SCENARIOS))
def test_wrong_fix_fails_every_repetition_with_its_minimal_scenario(sample):
    lesson = lesson_of(sample)
    checks = scenario_checks(lesson)
    threads = "\n".join(f"  {line}" for line in MINIMAL_SCENARIOS[sample])
    for repetition in range(1, REPETITIONS + 1):
        failed = run_repetition(lesson, checks, SAMPLES / sample, repetition)
        assert failed is not None, f"{sample} passed repetition {repetition}"
        _check, message = failed
        assert "The smallest scenario that breaks your" in message, message
        assert f"call at the same time\n{threads}\n" in message, message


@pytest.mark.parametrize("sample", RIGHT)
def test_correct_alternative_passes_every_repetition(sample):
    lesson = lesson_of(sample)
    checks = scenario_checks(lesson)
    for repetition in range(1, REPETITIONS + 1):
        failed = run_repetition(lesson, checks, SAMPLES / sample, repetition)
        assert failed is None, f"{sample}, repetition {repetition}: {failed}"


def test_a_constructor_that_fails_is_reported_as_such(tmp_path):
    lesson = lesson_of("07_critical_section/")
    folder = tmp_path / lesson.name
    folder.mkdir()
    (folder / lesson.filename).write_text(
        "class GiftCard:\n    def __init__(self, balance, currency):\n        self.balance = balance\n")
    _check, message = run_repetition(lesson, scenario_checks(lesson), folder, 1)
    assert message.startswith("GiftCard(2) failed before any scenario could run: TypeError"), message


def test_a_wrong_fix_fails_through_the_grader_too(make_target):
    """End to end (the grader's subprocess and plugin): the scenario message reaches
    the learner."""
    lesson = lesson_of("07_critical_section/wrong_top_up_unlocked")
    source = (SAMPLES / "07_critical_section" / "wrong_top_up_unlocked" / lesson.filename).read_text()
    result = grade_lesson(lesson, make_target(lesson, source), count=2, every_repetition=True)
    assert result.status == FAIL, result.message
    assert result.failing_repetitions() == {1, 2}
    assert "T1: charge(1)\n  T2: top_up(1)\n" in result.message, result.message
