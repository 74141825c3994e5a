"""The controlled scheduler (kata.scheduler) finds races and deadlocks in learner-like
code deterministically, never flags correct code, and always cleans up."""

import contextlib
import importlib
import importlib.util
import sys
import threading
import time

import pytest
from conftest import SAMPLES_DIR, SCHEDULER_TESTS, scheduler_samples

from kata.scheduler import cooperative_threading, explore, replay
from kata.scheduler import _sync

pytestmark = SCHEDULER_TESTS  # test_switch_points.py covers the interpreters it refuses
SAMPLES = scheduler_samples()

ADD = lambda counter: counter.add()  # noqa: E731


def expect_two(counter):
    return None if counter.value == 2 else f"expected value = 2 after two calls, got {counter.value}"


def explore_counter(sample, **options):
    module = SAMPLES[sample]
    return explore(module.Counter, [ADD, ADD], expect_two, watch=[module], **options)


def never_negative(account):
    return None if account.balance >= 0 else f"the balance went negative: {account.balance}"


def actions(result):
    return [(step.thread, step.action) for step in result.trace]


@pytest.fixture(autouse=True)
def scheduler_leaves_nothing_behind():
    yield
    assert sys.gettrace() is None
    assert threading.Lock is _sync._ORIGINALS["Lock"]
    assert threading.Event is _sync._ORIGINALS["Event"]
    assert threading.Thread.start is _sync.ORIGINAL_THREAD_START
    assert _sync.active_run is None
    assert not [t for t in threading.enumerate() if t.name.startswith("kata-")]
    if sys.version_info >= (3, 12):
        assert "kata.scheduler" not in [sys.monitoring.get_tool(i) for i in range(6)]


# ---------------------------------------------------------------- races

def test_switch_points_separate_the_read_and_the_write_of_plus_equals():
    result = explore_counter("racy_counter")

    assert result.status == "fail"
    assert actions(result) == [("T1", "reads value = 0"), ("T2", "reads value = 0"),
                               ("T2", "writes value = 1"), ("T1", "writes value = 1")]
    assert result.preemptions == 1
    assert result.trace[0].location == "sample_racy_counter.py:9"
    assert result.trace[0].source == "self.value += 1"


def test_racy_counter_explanation_reads_like_the_lesson():
    text = explore_counter("racy_counter").explain()

    assert text.startswith("Two threads called add() at the same time")
    assert "T2's update was lost" in text
    assert "Expected value = 2 after two calls, got 1." in text
    assert 'Replay: schedule "' in text


def adds_then_the_last_reads(first, reading_is_final, threads=2):
    """setup and bodies: each of `threads` calls `first`, and the last one to finish
    reads the count back (inside _sync.final_reading() when `reading_is_final`)."""
    module, state = SAMPLES["counter_read_back"], {}

    def setup():
        state.update(left=threads, read=None)
        return module.Counter()

    def body(counter):
        first(counter)
        state["left"] -= 1  # the test's own code: no switch point
        if state["left"] == 0:
            with _sync.final_reading() if reading_is_final else contextlib.nullcontext():
                state["read"] = counter.read()

    return setup, [body] * threads, module, state


def test_a_final_reading_is_neither_interleaved_nor_traced():
    for reading_is_final in (False, True):
        setup, bodies, module, state = adds_then_the_last_reads(ADD, reading_is_final)
        result = explore(setup, bodies, lambda counter: state["read"] == 2, watch=[module])

        assert result.status == "fail"
        assert [step.action for step in result.trace[:4]] == [
            "reads value = 0", "reads value = 0", "writes value = 1", "writes value = 1"]
        read_back = [step for step in result.trace if step.source.startswith(("with self.lock", "return"))]
        # Nothing can interleave with the reading any more: the story ends with the race.
        assert bool(read_back) is not reading_is_final, result.explain()


def test_a_final_reading_still_finds_a_lock_left_held():
    setup, bodies, module, _ = adds_then_the_last_reads(lambda counter: counter.take_the_lock(), True,
                                                        threads=1)
    result = explore(setup, bodies, watch=[module])

    assert result.status == "deadlock", result.explain()


def test_a_search_ends_when_the_call_between_schedules_raises():
    calls = []

    class NoLongerNeeded(Exception):
        pass

    def between_schedules():
        calls.append(len(calls))
        if len(calls) == 3:
            raise NoLongerNeeded

    with pytest.raises(NoLongerNeeded):
        explore(setup=lambda: [0], threads=[lambda state: state.append(1)] * 2, watch=[__file__],
                random_schedules=0, reduce=False, between_schedules=between_schedules)
    assert calls == [0, 1, 2]
    # The session was torn down: another search runs.
    assert explore(setup=lambda: [0], threads=[lambda state: None], watch=[__file__]).status == "pass"


def test_replay_reproduces_the_failure_and_its_trace():
    module = SAMPLES["racy_counter"]
    found = explore_counter("racy_counter")

    again = replay(found.replay_token, module.Counter, [ADD, ADD], expect_two, watch=[module])

    assert again.status == "fail"
    assert actions(again) == actions(found)
    assert again.message == "expected value = 2 after two calls, got 1"


def test_the_schedule_without_preemption_passes_racy_code():
    module = SAMPLES["racy_counter"]
    assert replay("1", module.Counter, [ADD, ADD], expect_two, watch=[module]).status == "pass"


@pytest.mark.parametrize("sample", ["new_lock_per_call", "lock_read_only"])
def test_wrong_fixes_fail(sample):
    result = explore_counter(sample)

    assert result.status == "fail"
    assert "got 1" in result.message
    assert "update was lost" in result.explain()


@pytest.mark.parametrize("sample", ["lock_per_instance", "module_lock", "rlock", "try_finally",
                                    "semaphore_event"])
def test_correct_variants_pass(sample):
    result = explore_counter(sample)

    assert result.status == "pass", result.explain()
    assert result.systematic_complete
    assert result.schedules > 1


def test_check_then_act_with_separately_locked_read_and_write_fails():
    module = SAMPLES["check_then_act"]
    result = explore(lambda: module.Account(100), [lambda a: a.withdraw(80)] * 2, never_negative,
                     watch=[module])

    assert result.status == "fail"
    assert result.message == "the balance went negative: -60"
    assert "still acted on its old check" in result.explain()


def test_check_then_act_under_one_lock_passes():
    module = SAMPLES["withdraw_locked"]
    result = explore(lambda: module.Account(100), [lambda a: a.withdraw(80)] * 2,
                     lambda a, results: sorted(results) == [False, True] and a.balance == 20,
                     watch=[module])

    assert result.status == "pass", result.explain()


def test_global_counter_race_is_found():
    module = SAMPLES["global_counter"]

    def reset():
        module.count = 0

    result = explore(reset, [lambda _: module.add()] * 2,
                     lambda _: None if module.count == 2 else f"count is {module.count}", watch=[module])

    assert result.status == "fail"
    assert ("T2", "reads count = 0") in actions(result)


def test_an_exception_in_a_thread_is_a_failure_with_its_place():
    module = SAMPLES["raises"]
    result = explore(module.Cache, [lambda c: c.evict("a")] * 2, watch=[module])

    assert result.status == "fail"
    assert result.message.startswith("T")
    assert "raised KeyError: 'a'" in result.message
    raising = [step for step in result.trace if step.kind == "raise"]
    assert raising[0].location == "sample_raises.py:10"
    assert "one of them raised an exception" in result.explain()


def test_invariant_receives_thread_results_when_it_takes_two_parameters():
    module = SAMPLES["semaphore_event"]
    seen = []

    def invariant(publication, results):
        seen.append(results[1])
        return results[1] == 42

    result = explore(module.Publication, [lambda p: p.publish(42), lambda p: p.read()], invariant,
                     watch=[module], random_schedules=20)

    assert result.status == "pass", result.explain()
    assert set(seen) == {42}


# ---------------------------------------------------------------- deadlocks

def test_taking_a_plain_lock_twice_is_reported_as_a_deadlock():
    result = explore_counter("self_deadlock")

    assert result.status == "deadlock"
    first = result.stuck[0]
    assert first[0] == "T1  sample_self_deadlock.py:15 (with self._lock:)"
    assert first[1] == "waits for sample_self_deadlock.py:8 (self._lock of Counter #1) (held by T1)"
    assert first[2] == "holds sample_self_deadlock.py:8 (self._lock of Counter #1)"
    assert "T1 waits for a lock it already holds" in result.explain()


def test_lock_ordering_deadlock_names_both_locks_and_places():
    module = SAMPLES["lock_order"]
    result = explore(lambda: (module.Account(100), module.Account(100)),
                     [lambda pair: module.transfer(pair[0], pair[1], 10),
                      lambda pair: module.transfer(pair[1], pair[0], 10)], watch=[module])

    assert result.status == "deadlock"
    assert result.preemptions == 1
    assert result.stuck == [
        ["T1  sample_lock_order.py:13 (with target._lock:)",
         "waits for sample_lock_order.py:8 (self._lock of Account #2) (held by T2)",
         "holds sample_lock_order.py:8 (self._lock of Account #1)"],
        ["T2  sample_lock_order.py:13 (with target._lock:)",
         "waits for sample_lock_order.py:8 (self._lock of Account #1) (held by T1)",
         "holds sample_lock_order.py:8 (self._lock of Account #2)"],
    ]
    explanation = result.explain()
    assert "no thread can continue" in explanation
    assert "Where each thread is stuck:" in explanation


def test_waiting_for_an_event_nobody_sets_is_a_deadlock():
    module = SAMPLES["waits"]
    result = explore(module.Desk, [lambda d: d.hold_until_done(), lambda d: d.take_then_finish()],
                     watch=[module])

    assert result.status == "deadlock"
    lines = [line for parts in result.stuck for line in parts]
    assert "waits for sample_waits.py:8 (self.done of Desk #1) to be set" in lines
    assert "waits for sample_waits.py:7 (self.lock of Desk #1) (held by T1)" in lines


def test_waiting_for_a_notify_that_never_comes_is_a_deadlock():
    module = SAMPLES["waits"]
    result = explore(module.Desk, [lambda d: d.wait_for_notify()], watch=[module])

    assert result.status == "deadlock"
    assert result.stuck[0][1] == "waits for a notify on sample_waits.py:9 (self.cond of Desk #1)"


# ---------------------------------------------------------------- cooperative primitives

def test_condition_wait_and_notify_hand_items_over():
    module = SAMPLES["mailbox"]
    result = explore(module.Mailbox, [lambda m: m.put(1), lambda m: m.take()],
                     lambda m, results: results[1] == 1 and m.item is None, watch=[module])

    assert result.status == "pass", result.explain()


def test_condition_with_three_threads_passes():
    module = SAMPLES["mailbox"]
    result = explore(module.Mailbox, [lambda m: m.put(1), lambda m: m.put(2),
                                      lambda m: sorted([m.take(), m.take()])],
                     lambda m, results: results[2] == [1, 2], watch=[module], max_preemptions=1)

    assert result.status == "pass", result.explain()


def test_event_publishes_data_to_a_waiting_thread():
    module = SAMPLES["semaphore_event"]
    result = explore(module.Publication, [lambda p: p.read(), lambda p: p.publish("x")],
                     lambda p, results: results[0] == "x", watch=[module])

    assert result.status == "pass", result.explain()


def desk_replay(token, *bodies):
    module = SAMPLES["waits"]
    return replay(token, module.Desk, list(bodies), watch=[module])


def test_acquire_with_timeout_times_out_when_nothing_else_can_run():
    holder, waiter = (lambda d: d.hold_until_done()), (lambda d: d.try_with_timeout())
    module = SAMPLES["waits"]

    assert explore(module.Desk, [holder, waiter], watch=[module]).status == "pass"
    first_holder = desk_replay("1", holder, waiter)
    assert [step.action for step in first_holder.trace if step.thread == "T2"][-2:] == [
        "gives up waiting for sample_waits.py:7 (self.lock of Desk #1) (held by T1) after 5 s "
        "(timeout) and carries on", "sets self.done of Desk #1"]


def test_non_blocking_acquire_and_locked_report_a_held_lock():
    captured = {}

    def holder(desk):
        captured["desk"] = desk
        desk.hold_until_done()

    result = desk_replay("1", holder, lambda d: d.try_without_blocking())

    assert result.status == "pass"
    assert captured["desk"].log == [("holder sees locked", True), "busy"]
    assert desk_replay("2", holder, lambda d: d.try_without_blocking()).status == "pass"
    assert captured["desk"].log == ["got it", ("holder sees locked", True)]


def test_timed_condition_and_event_waits_return_false_when_nobody_signals():
    result = desk_replay("1", lambda d: d.wait_for_notify(timeout=3), lambda d: d.wait_for_event(2))

    assert result.status == "pass"
    gave_up = [step.action for step in result.trace if step.action.startswith("gives up waiting")]
    assert [action.split(" after ")[1] for action in gave_up] == [
        "2 s (timeout) and carries on", "3 s (timeout) and carries on"]  # earliest deadline first


def test_sleep_is_virtual_inside_a_run_and_real_outside():
    module = SAMPLES["sleepy"]
    started = time.monotonic()
    racy = explore(lambda: module.SlowCounter(threading.Lock()), [lambda c: c.add_racy()] * 2,
                   expect_two, watch=[module])
    locked = explore(lambda: module.SlowCounter(threading.Lock()), [lambda c: c.add_locked()] * 2,
                     expect_two, watch=[module])

    assert (racy.status, locked.status) == ("fail", "pass")
    assert time.monotonic() - started < 3
    counter = module.SlowCounter(threading.Lock())
    started = time.monotonic()
    counter.add_locked()
    assert time.monotonic() - started >= 0.04
    assert time.sleep is _sync.ORIGINAL_SLEEP


def test_cooperative_primitives_are_real_locks_outside_a_run():
    with cooperative_threading():
        lock, rlock, event = threading.Lock(), threading.RLock(), threading.Event()
        cond, sem = threading.Condition(), threading.BoundedSemaphore(2)
    assert isinstance(lock, _sync.Lock)
    totals = {"n": 0}

    def work():
        for _ in range(2000):
            with lock:
                value = totals["n"]
                time.sleep(0) if value % 500 == 0 else None
                totals["n"] = value + 1

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert totals["n"] == 8000

    assert lock.acquire(timeout=0.01) and not lock.acquire(blocking=False) and lock.locked()
    started = time.monotonic()
    assert lock.acquire(timeout=0.05) is False and time.monotonic() - started >= 0.04
    lock.release()
    with pytest.raises(RuntimeError):
        lock.release()

    assert rlock.acquire() and rlock.acquire() and rlock._count == 2
    rlock.release()
    rlock.release()
    with pytest.raises(RuntimeError):
        rlock.release()

    assert sem.acquire() and sem.acquire() and not sem.acquire(blocking=False)
    sem.release()
    sem.release()
    with pytest.raises(ValueError):
        sem.release()

    threading.Timer(0.02, event.set).start()
    assert event.wait(2) and event.is_set()

    def notify_soon():
        time.sleep(0.02)
        with cond:
            cond.notify_all()

    with cond:
        threading.Thread(target=notify_soon).start()
        assert cond.wait(2)
        assert cond.wait(0.01) is False


def test_module_level_lock_state_is_restored_between_runs():
    module = SAMPLES["module_lock"]
    assert explore_counter("module_lock").status == "pass"
    assert not module._LOCK.locked()


# ---------------------------------------------------------------- search and budget

def test_same_seed_same_schedules_and_same_trace():
    first = explore_counter("lock_per_instance", seed=7, random_schedules=60, time_budget=30)
    second = explore_counter("lock_per_instance", seed=7, random_schedules=60, time_budget=30)
    other_seed = explore_counter("lock_per_instance", seed=8, random_schedules=60, time_budget=30)

    assert first.explored == second.explored
    assert first.random_schedules == 60
    assert first.explored != other_seed.explored
    assert explore_counter("racy_counter", seed=3).explain() == explore_counter("racy_counter", seed=3).explain()


def test_systematic_search_goes_by_preemption_count():
    result = explore_counter("lock_per_instance", random_schedules=0, time_budget=30)
    zero = explore_counter("lock_per_instance", random_schedules=0, max_preemptions=0)
    one = explore_counter("lock_per_instance", random_schedules=0, max_preemptions=1)

    assert zero.schedules < one.schedules < result.schedules
    assert result.explored[:one.schedules] == one.explored
    assert one.explored[:zero.schedules] == zero.explored


def test_a_level_above_one_runs_within_the_budget_and_says_when_cut():
    one = explore_counter("lock_per_instance", random_schedules=0, max_preemptions=1)
    full = explore_counter("lock_per_instance", random_schedules=0, time_budget=30)
    roomy = explore_counter("lock_per_instance", random_schedules=0, time_budget=30,
                            deeper_levels_within=full.schedules)
    cramped = explore_counter("lock_per_instance", random_schedules=0, time_budget=30,
                              deeper_levels_within=one.schedules + 1)

    assert (one.complete_level, full.complete_level, roomy.complete_level) == (1, 2, 2)
    assert one.schedules + 1 < full.schedules
    assert roomy.status == "pass" and roomy.explored == full.explored
    # Level 2 is cut after one schedule: a sample, so the proof is level 1's, and it says so.
    assert cramped.status == "inconclusive"
    assert cramped.complete_level == 1
    assert cramped.explored == full.explored[:one.schedules + 1]


def test_too_small_a_budget_is_inconclusive_never_a_pass():
    assert explore_counter("lock_per_instance", max_schedules=3).status == "inconclusive"
    result = explore_counter("lock_per_instance", time_budget=0.0)
    assert result.status == "inconclusive"
    assert "No conclusion" in result.explain()


def test_a_failure_found_is_reported_even_if_the_budget_then_runs_out():
    assert explore_counter("racy_counter", max_schedules=6).status == "fail"


# ---------------------------------------------------------------- never silent

def test_an_active_tracer_makes_the_scheduler_unsupported():
    def tracer(frame, event, arg):
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        result = explore_counter("racy_counter")
    finally:
        sys.settrace(previous)

    assert result.status == "unsupported"
    assert "tracer is already active" in result.message


def test_a_module_imported_without_cooperative_threading_is_unsupported():
    spec = importlib.util.spec_from_file_location("plain_module_lock", SAMPLES_DIR / "sample_module_lock.py")
    plain = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plain)

    result = explore(plain.Counter, [ADD, ADD], expect_two, watch=[plain])

    assert result.status == "unsupported"
    assert "plain_module_lock._LOCK is a real threading primitive" in result.message


def test_a_real_lock_in_the_state_is_unsupported():
    import _thread

    module = SAMPLES["racy_counter"]

    def setup():
        counter = module.Counter()
        counter.guard = _thread.allocate_lock()
        return counter

    assert explore(setup, [ADD, ADD], expect_two, watch=[module]).status == "unsupported"


def test_a_pool_started_by_learner_code_runs_under_control_and_its_race_is_found():
    module = SAMPLES["uses_pool"]
    result = explore(module.Counter, [ADD, ADD], expect_two, watch=[module], count_every_switch=True)

    assert result.status == "fail"
    assert "got 1" in result.message
    text = result.explain()
    assert "update was lost" in text
    assert "Threads your code started:" in text
    assert "T3 (worker 1 of a ThreadPoolExecutor, started by T1)" in text
    assert result.schedules < 100


def test_a_module_level_pool_gets_fresh_workers_in_every_run_and_its_race_is_found():
    result = explore_counter("module_pool", count_every_switch=True, max_schedules=100)

    assert result.status == "fail", result.explain()
    assert "update was lost" in result.explain()
    pool = SAMPLES["module_pool"].POOL
    assert not pool._threads and not pool._broken  # ready for the next run, not stuck with dead workers


def test_a_pool_created_before_cooperative_threading_is_unsupported():
    spec = importlib.util.spec_from_file_location("plain_module_pool", SAMPLES_DIR / "sample_module_pool.py")
    plain = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plain)
    try:
        result = explore(plain.Counter, [ADD, ADD], expect_two, watch=[plain])
    finally:
        plain.POOL.shutdown()

    assert result.status == "unsupported"
    assert "plain_module_pool.POOL is a real threading primitive, thread or pool" in result.message


def test_an_endless_loop_is_an_error_and_the_threads_are_stopped():
    module = SAMPLES["endless"]
    started = time.monotonic()
    result = explore(module.Spinner, [lambda s: s.spin(), lambda s: None], watch=[module])

    assert result.status == "error"
    assert "an endless loop" in result.message
    assert time.monotonic() - started < 5
    assert explore_counter("racy_counter").status == "fail"  # the interpreter is still fine


def test_a_thread_stuck_outside_switch_points_is_an_error_not_a_hang():
    module = SAMPLES["sleepy"]
    started = time.monotonic()
    result = explore(module.Napper, [lambda n: n.nap(0.8), lambda n: n.nap(0)], watch=[module],
                     stall_timeout=0.2)

    assert result.status == "error"
    assert "did not reach another switch point for 0.2 s" in result.message
    assert "sample_sleepy.py:15 (blocker.acquire(timeout=seconds))" in result.message
    assert time.monotonic() - started < 4


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+")
def test_no_free_monitoring_tool_id_is_unsupported():
    taken = [i for i in (2, 3, 4, 5) if sys.monitoring.get_tool(i) is None]
    for tool_id in taken:
        sys.monitoring.use_tool_id(tool_id, "test")
    try:
        result = explore_counter("racy_counter")
    finally:
        for tool_id in taken:
            sys.monitoring.free_tool_id(tool_id)

    assert result.status == "unsupported"
    assert "tool id" in result.message


def test_broken_setup_or_invariant_is_an_error_not_a_fail():
    module = SAMPLES["lock_per_instance"]

    def broken_setup():
        raise OSError("no disk")

    assert explore(broken_setup, [ADD, ADD], watch=[module]).status == "error"
    result = explore(module.Counter, [ADD, ADD], lambda c: c.missing, watch=[module])
    assert result.status == "error"
    assert "AttributeError" in result.message


def test_watch_is_required():
    with pytest.raises(ValueError):
        explore(SAMPLES["racy_counter"].Counter, [ADD, ADD], expect_two, watch=[])


# ---------------------------------------------------------------- threads and pools the code starts

def test_a_thread_started_by_learner_code_is_controlled_and_joined():
    module = SAMPLES["starts_thread"]
    result = explore(module.Report, [lambda r: r.build()],
                     lambda r, results: results[0] == (["header"], False) and r.worker_name == "writer",
                     watch=[module])

    assert result.status == "pass", result.explain()
    timed = explore(module.Report, [lambda r: r.build_with_timeout()],
                    lambda r, results: results[0] is False, watch=[module])
    assert timed.status == "pass", timed.explain()


def test_a_pool_with_a_shared_lock_passes_with_every_way_of_waiting():
    module = SAMPLES["pool_locked"]
    for method in ("add_many", "add_with_map", "add_without_waiting"):
        result = explore(module.Counter, [lambda c, method=method: getattr(c, method)(3)],
                         lambda c, results: results[0] == 3 and c.value == 3, watch=[module],
                         count_every_switch=True, max_schedules=200)

        assert result.status in ("pass", "inconclusive"), (method, result.explain())
        assert result.schedules > 20


def test_a_pool_created_in_setup_serves_controlled_threads():
    from concurrent.futures import ThreadPoolExecutor

    module = SAMPLES["pool_locked"]

    def setup():
        counter = module.Counter()
        counter.pool = ThreadPoolExecutor(max_workers=2)
        return counter

    def bump_twice(counter):
        results = [counter.pool.submit(counter._bump) for _ in range(2)]
        return [future.result() for future in results]

    result = explore(setup, [bump_twice, bump_twice], lambda c: c.value == 4, watch=[module],
                     count_every_switch=True, max_preemptions=1, max_schedules=150)

    assert result.status in ("pass", "inconclusive"), result.explain()


def test_an_actor_that_owns_its_state_in_a_thread_passes():
    module = SAMPLES["actor"]
    result = explore(lambda: module.Account(100), [lambda a: a.withdraw(80)] * 2,
                     lambda a, results: sorted(results) == [False, True] and a.balance() == 20,
                     watch=[module], max_preemptions=1)

    assert result.status == "pass", result.explain()
    assert result.systematic_complete


def test_pool_starvation_is_a_deadlock_with_every_thread_placed():
    module = SAMPLES["starving_pool"]
    result = explore(lambda: None, [lambda _: module.totals([["a", "bb"], ["ccc"]], workers=2)],
                     watch=[module], count_every_switch=True, max_schedules=20)

    assert result.status == "deadlock"
    assert len(result.stuck) == 3  # the caller and both workers
    assert all(parts[1].startswith("waits for the result of Future #") for parts in result.stuck)
    text = result.explain()
    assert "T2 (worker 1 of a ThreadPoolExecutor, started by T1)" in text
    assert "sample_starving_pool.py:11 (return sum(price.result() for price in prices))" in text


def test_sleep_and_timeouts_run_on_a_virtual_clock():
    module = SAMPLES["patient"]
    started = time.monotonic()
    result = explore(module.Courier, [lambda c: c.deliver_after(5), lambda c: c.wait_for_delivery(30)],
                     lambda c, results: results[1] == (True, 5.0), watch=[module])
    too_late = explore(module.Courier, [lambda c: c.deliver_after(60), lambda c: c.wait_for_delivery(30)],
                       lambda c, results: results[1] == (False, 30.0), watch=[module])

    assert result.status == "pass", result.explain()
    assert too_late.status == "pass", too_late.explain()
    assert time.monotonic() - started < 2  # 5 s, 30 s and 60 s of sleeps and waits, in every schedule


def test_a_lock_made_per_call_is_named_apart_in_the_trace():
    result = explore_counter("new_lock_per_call")

    acquired = [action for _, action in actions(result) if action.startswith("acquires")]
    assert acquired == ["acquires lock #1, made by T1 at sample_new_lock_per_call.py:10",
                        "acquires lock #2, made by T2 at sample_new_lock_per_call.py:10"]
    assert "each took a lock of their own" in result.explain()


def test_a_non_blocking_acquire_that_gives_up_says_so():
    result = desk_replay("1", lambda d: d.hold_until_done(), lambda d: d.try_without_blocking())

    assert ("T2", "tries self.lock of Desk #1 without waiting: T1 holds it, gets False and "
                  "carries on") in actions(result)


def test_a_background_thread_that_never_ends_is_left_alone_once_the_bodies_return():
    module = SAMPLES["starts_thread"]
    result = explore(module.Heartbeat, [lambda h: h.start()], lambda h, results: results[0] == 2,
                     watch=[module], count_every_switch=True, max_schedules=30)

    assert result.status in ("pass", "inconclusive"), result.explain()


def test_as_completed_with_a_timeout_times_out_on_the_virtual_clock():
    module = SAMPLES["patient"]
    result = explore(lambda: None, [lambda _: module.first_results_within(5, [1, 60, 2])],
                     lambda _, results: results[0] == [1, 2, "timeout"], watch=[module],
                     count_every_switch=True, max_schedules=30)

    assert result.status in ("pass", "inconclusive"), result.explain()


def test_locks_made_on_one_line_are_told_apart_and_a_lock_order_cycle_is_named():
    module = SAMPLES["lock_per_account"]
    result = explore(module.Bank, [lambda b: b.transfer("alice", "bob", 10),
                                   lambda b: b.transfer("bob", "alice", 10)], watch=[module])

    assert result.status == "deadlock"
    lines = [line for parts in result.stuck for line in parts]
    assert "holds sample_lock_per_account.py:9 (self._locks of Bank #1 [1 of 2])" in lines
    assert "holds sample_lock_per_account.py:9 (self._locks of Bank #1 [2 of 2])" in lines
    text = result.explain()
    assert "T1 and T2 wait for each other" in text
    assert "waits for a lock it already holds" not in text


def test_an_invariant_that_waits_for_a_thread_of_the_ended_run_is_an_error_not_a_hang():
    module = SAMPLES["actor"]
    started = time.monotonic()
    result = explore(lambda: module.Account(100), [lambda a: a.withdraw(80)],
                     lambda a: a.withdraw(1), watch=[module], max_preemptions=0)

    assert result.status == "error"
    assert "Read the state inside a thread body" in result.message
    assert time.monotonic() - started < 5
