"""The scheduler's partial-order reduction (kata/scheduler/_footprint.py, _search.py)
skips only schedules that reorder steps which cannot affect each other: every bug
the full search finds it finds too, on fewer schedules."""

import ast
import concurrent.futures.thread
import contextlib
import dis
import importlib
import random
import sys
import threading
import types
import weakref
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import SCHEDULER_TESTS, scheduler_samples

from kata.scheduler import _footprint, _points, _search, cooperative_threading, explore

pytestmark = SCHEDULER_TESTS
SAMPLES = scheduler_samples()


def two_adds(name):
    module = SAMPLES[name]
    return dict(setup=module.Counter, threads=[lambda c: c.add(), lambda c: c.add()],
                invariant=lambda c: None if c.value == 2 else f"value = {c.value}", watch=[module])


def two_withdrawals(name):
    module = SAMPLES[name]
    return dict(setup=lambda: module.Account(100), threads=[lambda a: a.withdraw(80)] * 2,
                invariant=lambda a: None if a.balance >= 0 else f"balance = {a.balance}", watch=[module])


def global_counter():
    module = SAMPLES["global_counter"]

    def reset():
        module.count = 0

    return dict(setup=reset, threads=[lambda _: module.add()] * 2,
                invariant=lambda _: None if module.count == 2 else f"count = {module.count}",
                watch=[module])


def opposite_transfers():
    module = SAMPLES["lock_order"]
    return dict(setup=lambda: (module.Account(100), module.Account(100)),
                threads=[lambda p: module.transfer(p[0], p[1], 10), lambda p: module.transfer(p[1], p[0], 10)],
                watch=[module])


def actor_withdrawals(threads=2):
    module = SAMPLES["actor"]
    return dict(setup=lambda: module.Account(100), threads=[lambda a: a.withdraw(80)] * threads,
                invariant=lambda a, results: None if sorted(results) == [False] * (threads - 1) + [True]
                else str(results), watch=[module])


def future_actor_withdrawals(threads=2):
    return dict(actor_withdrawals(threads), setup=lambda: SAMPLES["future_actor"].Account(100),
                watch=[SAMPLES["future_actor"]])


def queue_order(make, second):
    """put('new') beside a second call on a queue holding 'old'; fails when the
    second call gives what it gives only if it runs first."""
    module = SAMPLES["queue_order"]
    run_first = {"take": "old" if make == "lifo_with_one_item" else None, "take_if_there": None}[second]
    return dict(setup=getattr(module, make), threads=[module.put_new, getattr(module, second)],
                invariant=lambda q, results: f"got {results[1]!r}" if results[1] == run_first else None,
                watch=[module])


def pool_appends_while_caller_reads():
    # The pool's worker calls list.append, which no watched code calls: its step
    # must count as writing, or the read would never be tried after it.
    module = SAMPLES["pool_append"]
    return dict(setup=module.new_state, threads=[module.append_in_pool, module.count],
                invariant=lambda state, results: "read after the append" if results[1] == 1 else None,
                watch=[module])


def pool_owner_withdrawals(threads=2, withdraw="withdraw"):
    module = SAMPLES["pool_owner"]
    return dict(setup=lambda: module.Account(100), threads=[lambda a: getattr(a, withdraw)(80)] * threads,
                invariant=lambda a, results: None if sorted(results) == [False] * (threads - 1) + [True]
                else str(results), watch=[module])


def one_worker_runs_both_jobs():
    # Two workers: whether the second job goes to the first worker, once it found no
    # work and waits in get(), or to the second one, is a race the search must try.
    module = SAMPLES["pool_owner"]
    return dict(setup=lambda: module.Account(100, workers=2), threads=[lambda a: a.worker_name()] * 2,
                invariant=lambda a, results: "two workers ran them" if results[0] != results[1] else None,
                watch=[module])


def cleared_event():
    module = SAMPLES["event_cleared"]
    return dict(setup=module.new_gate, threads=[module.open_and_close, module.pass_through], watch=[module])


CASES = {
    "racy counter": (lambda: two_adds("racy_counter"), "fail"),
    "a global counter": (global_counter, "fail"),
    "a new lock per call": (lambda: two_adds("new_lock_per_call"), "fail"),
    "a lock per instance": (lambda: two_adds("lock_per_instance"), "pass"),
    "a module lock": (lambda: two_adds("module_lock"), "pass"),
    "a check outside the lock": (lambda: two_withdrawals("check_then_act"), "fail"),
    "opposite lock orders": (opposite_transfers, "deadlock"),
    "an actor": (actor_withdrawals, "pass"),
    # Library objects are judged by what their operations mean (_sync._touch), and the
    # functions a pool's worker runs as calls: the orders that matter are still tried.
    "a Future and an Event per actor": (future_actor_withdrawals, "pass"),
    "a put, then a get, on a LIFO queue": (lambda: queue_order("lifo_with_one_item", "take"), "fail"),
    "a put, then get_nowait()": (lambda: queue_order("empty_fifo", "take_if_there"), "fail"),
    "a wait after an Event's clear()": (cleared_event, "deadlock"),
    "a read beside a pool's worker calling list.append": (pool_appends_while_caller_reads, "fail"),
    # A full pool's idle-worker semaphore touches nothing, and its worker's
    # get_nowait() is judged as the get() it waits in (_sync._IdleWorkers).
    "a one-worker pool as the owner": (pool_owner_withdrawals, "pass"),
    "a one-worker pool, check and change in two jobs":
        (lambda: pool_owner_withdrawals(withdraw="withdraw_in_two_jobs"), "fail"),
    "which of two workers takes a job": (one_worker_runs_both_jobs, "fail"),
}
# Where the shortest failure the reduced search shows may take one more switch than the
# full search's: a race is reversed where it happened, and a hand-over to a pool's
# worker counts against the bound (see Search._cost).
NOT_ALWAYS_SHORTEST = {"a read beside a pool's worker calling list.append"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_reduced_search_gives_the_full_search_verdict_on_fewer_schedules(name):
    make, expected = CASES[name]
    full = explore(**make(), reduce=False, random_schedules=0, time_budget=30)
    reduced = explore(**make(), reduce=True, random_schedules=0, time_budget=30)

    assert full.status == expected, full.explain()
    assert reduced.status == expected, reduced.explain()
    if expected == "pass":
        assert reduced.schedules <= full.schedules
    elif name not in NOT_ALWAYS_SHORTEST:
        # The shortest failure is no longer than the full search's. (Finding it may
        # take a schedule more: a race is also reversed where the earlier thread
        # began running, which costs no preemption.)
        assert reduced.preemptions <= full.preemptions


@pytest.mark.parametrize("actor", [actor_withdrawals, future_actor_withdrawals, pool_owner_withdrawals])
def test_an_actor_needs_several_times_fewer_schedules(actor):
    full = explore(**actor(3), reduce=False, random_schedules=0, max_preemptions=1, time_budget=60)
    reduced = explore(**actor(3), reduce=True, random_schedules=0, max_preemptions=1, time_budget=60)

    assert full.status == reduced.status == "pass"
    assert reduced.schedules * 3 <= full.schedules


def test_a_blocking_put_and_get_commute_on_a_fifo_queue_only():
    # On a queue.Queue holding 'old', a get returns 'old' whether the put of 'new'
    # comes first or not: one order is enough. On a LifoQueue it is not.
    fifo = explore(**queue_order("fifo_with_one_item", "take"), random_schedules=0)
    lifo = explore(**queue_order("lifo_with_one_item", "take"), random_schedules=0)

    assert fifo.status == "pass" and lifo.status == "fail"
    assert fifo.schedules < lifo.schedules


# ---------------------------------------------------------------- footprints

def footprint(reads_any=False, writes_any=False, reads=(), writes=(), uses=(), looks=()):
    return _footprint.Footprint(reads_any, writes_any, frozenset(reads), frozenset(writes),
                                frozenset(uses), frozenset(looks), frozenset({0}))


def test_steps_conflict_through_data_one_of_them_writes_or_a_primitive_both_use():
    read_x, write_x = footprint(reads=[("attr", "x")]), footprint(writes=[("attr", "x")])
    assert not read_x.independent(write_x)
    assert read_x.independent(footprint(reads=[("attr", "x")]))
    assert write_x.independent(footprint(writes=[("attr", "y")]))
    # A loop over a dict reads any data: it conflicts with any write, not with reads.
    assert not footprint(reads_any=True).independent(write_x)
    assert footprint(reads_any=True).independent(read_x)
    # An unknown call conflicts with every step that touches data, never with one that does not.
    assert not footprint(writes_any=True).independent(read_x)
    assert footprint(writes_any=True).independent(footprint(uses=[("made", 1)]))
    # Primitives: used by both conflicts; looked at by both does not.
    assert not footprint(uses=[("made", 1)]).independent(footprint(uses=[("made", 1)]))
    assert not footprint(uses=["end"]).independent(footprint(looks=["end"]))
    assert footprint(looks=["end"]).independent(footprint(looks=["end"]))
    assert footprint().inert and footprint().independent(footprint(writes_any=True))


KEYS = [("attr", "x"), ("attr", "y"), ("item",), ("made", 1), ("made", 2), "end"]


def random_footprint(rng):
    def keys():
        return rng.sample(KEYS, rng.choice((0, 0, 1, 2)))
    return footprint(rng.random() < 0.2, rng.random() < 0.1, keys(), keys(), keys(), keys())


@pytest.mark.parametrize("seed", range(20))
def test_the_search_finds_the_earlier_steps_a_step_conflicts_with_as_independent_says(seed):
    rng = random.Random(seed)
    steps = [random_footprint(rng) for _ in range(40)]
    index = _search._StepIndex()
    for position, step in enumerate(steps):
        if step.inert:
            continue
        expected = {(earlier, 0) for earlier, other in enumerate(steps[:position])
                    if not other.inert and not other.independent(step)}
        assert {index.steps[found] for found in index.conflicting(step)} == expected
        index.add(position, 0, step)


class _Learner:
    def method(self):
        return None


def test_threads_the_code_starts_are_judged_by_what_they_run():
    watched = _points.WatchedCode([__file__])
    started = lambda thread: _footprint.started_thread_effect(thread, watched)  # noqa: E731

    assert started(threading.Thread(target=_Learner().method)) == _footprint.PURE
    assert started(threading.Thread(target=[].append, args=(1,))) == _footprint.UNKNOWN
    assert started(threading.Timer(1, _Learner().method)) == _footprint.UNKNOWN  # Timer.run calls it
    with cooperative_threading():
        pool = ThreadPoolExecutor(max_workers=1)
    worker = threading.Thread(target=concurrent.futures.thread._worker,
                              args=(weakref.ref(pool), pool._work_queue, None, ()))
    assert started(worker) == _footprint.PURE
    item = lambda fn: concurrent.futures.thread._WorkItem(concurrent.futures.Future(), fn, (), {})  # noqa: E731
    assert _footprint.work_item_effect(item(_Learner().method), watched) == _footprint.PURE
    assert _footprint.work_item_effect(item({}.get), watched) == _footprint.READS
    assert _footprint.work_item_effect(item([].append), watched) == _footprint.UNKNOWN


def test_calls_are_judged_by_what_they_call():
    watched = _points.WatchedCode([__file__])
    judge = lambda value: _footprint._effect_of_callable(value, watched)  # noqa: E731

    assert judge(_Learner().method) == _footprint.PURE        # the learner's own code is watched
    assert judge(_Learner) == _footprint.PURE                 # a class of theirs, object.__init__
    with cooperative_threading():
        lock = threading.Lock()
    assert judge(lock.acquire) == _footprint.PURE             # its use is noted by the primitive
    assert judge(threading.Thread) == _footprint.PURE
    assert judge(len) == _footprint.READS
    assert judge({}.get) == _footprint.READS
    assert judge(dict) == _footprint.READS
    assert judge(KeyError) == _footprint.READS
    assert judge([].append) == _footprint.UNKNOWN             # writes the list
    assert judge(set.add) == _footprint.UNKNOWN
    assert judge(types.SimpleNamespace) == _footprint.UNKNOWN
    assert judge(importlib.import_module) == _footprint.UNKNOWN  # a library we do not know


CALLS_ON_ONE_LINE = """\
def serve(pool, fn, args, table, key):
    answer = pool.submit(fn, *args).result()
    table.setdefault(key, []).append(len(key))
    return sorted(key, key=lambda item: item.get())


def hold(make_stack, lock_of, accounts):
    with make_stack() as stack:
        for account in sorted(set(accounts)):
            stack.enter_context(lock_of(account))
        return len(stack)
"""


def test_each_call_on_a_line_is_told_apart(tmp_path):
    # 3.11+ by the columns of each instruction; 3.10, which has none, by the code
    # object each call is compiled into (a lambda's are its own), by the name of the
    # method each call instruction calls, by elimination, by nesting (the innermost
    # call first), and on a with-statement's line by where the statement enters:
    # before, the call that makes the context manager; after, its __exit__ (at the
    # end of the block and at a return from it), both judged by the manager.
    path = tmp_path / "serve.py"
    path.write_text(CALLS_ON_ONE_LINE)
    namespace = {}
    exec(compile(CALLS_ON_ONE_LINE, str(path), "exec"), namespace)
    serve = namespace["serve"].__code__
    (in_lambda,) = [const for const in serve.co_consts if isinstance(const, types.CodeType)]
    assert _judged_calls(serve) == {2: ["pool.submit", "pool.submit(fn, *args).result"],
                                    3: ["table.setdefault", "len", "table.setdefault(key, []).append"],
                                    4: ["sorted"]}
    assert _judged_calls(in_lambda) == {4: ["item.get"]}
    hold = namespace["hold"].__code__
    assert _judged_calls(hold) == {8: ["make_stack", "make_stack()", "make_stack()", "make_stack()"],
                                   9: ["set", "sorted"],
                                   10: ["lock_of", "stack.enter_context"],
                                   11: ["len"]}


def test_calls_of_two_lambdas_on_one_line_are_left_unjudged_on_3_10(tmp_path):
    source = "def pick(items):\n    return min(items, key=lambda a: a.get()), max(items, key=lambda b: b.get())\n"
    path = tmp_path / "pick.py"
    path.write_text(source)
    namespace = {}
    exec(compile(source, str(path), "exec"), namespace)
    lambdas = [const for const in namespace["pick"].__code__.co_consts if isinstance(const, types.CodeType)]
    expected = [{2: [None]}] * 2 if sys.version_info < (3, 11) else [{2: ["a.get"]}, {2: ["b.get"]}]
    assert [_judged_calls(code) for code in lambdas] == expected


def _judged_calls(code):
    """line -> what each call instruction of `code` calls, as source (None: not told)."""
    judged, line = {}, None
    for instruction in dis.get_instructions(code):
        if instruction.opname not in _points.TABLE.calls:
            if getattr(instruction, "positions", None) is None and instruction.starts_line:
                line = instruction.starts_line
            continue
        positions = getattr(instruction, "positions", None)
        line = positions.lineno if positions is not None else (instruction.starts_line or line)
        point = types.SimpleNamespace(offset=instruction.offset, line=line, opname=instruction.opname)
        found = _footprint._callee_expression(point, code)
        judged.setdefault(line, []).append(None if found is None else ast.unparse(found[1]))
    return judged


@contextlib.contextmanager
def _holding():
    yield


def test_a_with_statement_is_judged_by_its_context_manager():
    watched = _points.WatchedCode([__file__])
    made = lambda maker: _footprint._effect_of_made_context(maker, watched)  # noqa: E731

    assert made(_holding) == _footprint.PURE            # contextlib runs the generator, which is watched
    assert made(contextlib.ExitStack) == _footprint.PURE
    assert made(_Learner.method) == _footprint.UNKNOWN  # what the learner's function returns is unknown
    assert made(open) == _footprint.UNKNOWN
    with cooperative_threading():
        lock = threading.RLock()
    assert _footprint._effect_of_context_class(type(lock), watched) == _footprint.PURE


def test_effect_points_mark_hidden_reads_and_in_place_writes():
    source = ("def f(self, items, *args):\n"
              "    for item in self._items:\n"
              "        pass\n"
              "    total = 0\n"
              "    total += 1\n"
              "    return g(*args)\n")
    code = compile(source, "sample.py", "exec").co_consts[0]
    points = _points.switch_points_of(code, _points.SharedNames(), effects=True)
    effects = {point.opname: point.action for point in points.values() if point.target == "effect"}

    assert effects.get("FOR_ITER") == "reads"
    assert "writes" in effects.values()            # total += 1 may extend a list
    assert "LIST_EXTEND" not in effects            # *args is the call's own tuple
    assert not [p for p in _points.switch_points_of(code, _points.SharedNames()).values()
                if p.target == "effect"]           # without reduction: no effect points
