"""kata.quiescence: the run is at rest exactly when every thread it started waits for
something that only the check can release."""

import gc
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kata.held_calls import HeldCalls, drive
from kata.quiescence import CallInThread, Quiescence, visible_locks

GUARD = 10.0


def one_task_held(workers, quick_tasks, held):
    """A pool that ran `quick_tasks` tasks and holds one more on the event `held`."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(abs, -n) for n in range(quick_tasks)]:
            future.result()
        return pool.submit(held.wait).result()


@pytest.mark.parametrize("repetition", range(20))
def test_idle_workers_and_a_held_task_are_at_rest(repetition):
    """Idle workers wait in SimpleQueue.get after taking items that several puts
    handed over (3.12+ workers try get_nowait first): still at rest."""
    held = threading.Event()
    with Quiescence() as quiet:
        call = CallInThread(one_task_held, 2 + repetition % 3, 3 + repetition, held)
        returned = quiet.wait_for_return(call, GUARD)
        at_rest = quiet.settled()
        held.set()
        assert call.join(GUARD)
    assert (returned, at_rest) == (False, True)


def test_a_thread_that_keeps_working_is_never_at_rest():
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            pass

    with Quiescence() as quiet:
        call = CallInThread(spin)
        try:
            assert not quiet.wait_until_settled(0.3)
        finally:
            stop.set()
            assert call.join(GUARD)


def test_threads_started_before_the_block_are_not_watched():
    """A pool kept from before (its worker blocked on the check's event) does not keep
    the run from resting once the call waits for it."""
    held = threading.Event()
    with ThreadPoolExecutor(max_workers=3) as pool:
        with Quiescence() as quiet:
            call = CallInThread(lambda: pool.submit(held.wait).result())
            assert not quiet.wait_for_return(call, GUARD)
            assert quiet.settled()
            held.set()
            assert call.join(GUARD)


def test_asleep_at_rest_names_the_poller_from_the_settled_snapshot():
    """A thread that polls with time.sleep is named in asleep_at_rest at every rest; a
    thread blocked on an event is not."""
    stop, blocked = threading.Event(), threading.Event()

    def poll():
        while not stop.is_set():
            time.sleep(0.0005)

    with Quiescence(sleeping_is_waiting=True) as quiet:
        poller, waiter = CallInThread(poll), CallInThread(blocked.wait)
        try:
            for _ in range(30):
                assert quiet.wait_until_settled(GUARD)
                assert quiet.asleep_at_rest == {poller.thread.ident}
        finally:
            stop.set()
            blocked.set()
            assert poller.join(GUARD) and waiter.join(GUARD)


def test_outlast_sleeps_stops_at_a_poller_with_nothing_left_to_poll_for():
    """wait_for_return(outlast_sleeps=N): a thread polling a flag no one will set, every
    other thread blocked, is called stuck once it has slept N more times; polling does
    not count as rest while another thread still works toward the flag."""
    never, blocked = threading.Event(), threading.Event()

    def poll(flag):
        while not flag.is_set():
            time.sleep(0.001)
        return "done"

    with Quiescence(sleeping_is_waiting=True) as quiet:
        waiter, poller = CallInThread(blocked.wait), CallInThread(poll, never)
        assert not quiet.wait_for_return(poller, GUARD, outlast_sleeps=3)
        assert quiet.polled_at_rest == {poller.thread.ident}
        never.set()
        blocked.set()
        assert poller.join(GUARD) and waiter.join(GUARD)

    flag = threading.Event()

    def work_then_set():
        for _ in range(200_000):  # running, not waiting: the run is never at rest
            pass
        flag.set()

    with Quiescence(sleeping_is_waiting=True) as quiet:
        worker, poller = CallInThread(work_then_set), CallInThread(poll, flag)
        assert quiet.wait_for_return(poller, GUARD, outlast_sleeps=3)
        assert poller.result() == "done" and worker.join(GUARD)


@pytest.mark.parametrize("polls", [False, True])
def test_drive_counts_the_threads_asleep_at_each_rest(polls):
    """held_calls.drive: Rest.sleeping tells a caller that polls for its results with
    time.sleep from one that blocks on them, at every rest."""
    held = HeldCalls()

    def work(item):
        with held.call(item):
            return item

    def run(items):
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(work, item) for item in items]
            while polls and not all(future.done() for future in futures):
                time.sleep(0.0005)
            return [future.result() for future in futures]

    drove = drive(held, run, list(range(4)), seed=3)
    assert drove.returned and drove.call.result() == [0, 1, 2, 3]
    assert len(drove.rests) == 4
    assert [rest.sleeping for rest in drove.rests] == [1 if polls else 0] * 4


def wait_in_with(lock, entered):
    entered.set()
    with lock:
        pass


@pytest.mark.parametrize("kind", ["Lock", "RLock"])
def test_a_thread_waiting_in_with_lock_is_at_rest_with_visible_locks(kind):
    """`with lock:` enters a C lock without a C-call event, so a thread waiting there
    looks busy and the detector waits out its guard (never concluding too early). Under
    visible_locks() the lock's `with` entry is a call of its acquire: the waiting thread
    is seen at rest."""
    with visible_locks():
        lock = getattr(threading, kind)()
    lock.acquire()
    entered = threading.Event()
    with Quiescence() as quiet:
        call = CallInThread(wait_in_with, lock, entered)
        entered.wait(GUARD)
        at_rest = quiet.wait_until_settled(GUARD)
        lock.release()
        assert call.join(GUARD)
    assert at_rest


def test_visible_locks_behave_as_the_real_ones_in_conditions():
    """threading.Condition() makes an RLock, Event and Semaphore a Lock: under
    visible_locks() they still wait, notify and re-enter as they should."""
    with visible_locks():
        condition, event, semaphore, rlock = (threading.Condition(), threading.Event(),
                                              threading.Semaphore(1), threading.RLock())
    with rlock, rlock:  # re-entrant
        assert rlock._is_owned()
    with condition:
        waiter = CallInThread(lambda: event.wait(GUARD))
        assert not condition.wait(0.01)
    event.set()
    assert waiter.join(GUARD) and waiter.result() is True
    assert semaphore.acquire(timeout=0) and not semaphore.acquire(timeout=0)
    with pytest.raises(RuntimeError):
        condition.wait(0)  # not owned


def test_a_call_that_returns_while_the_driver_looks_is_no_deadlock():
    # The driver saw the call still running, then settled() saw no thread of the run
    # at all: the call returned in between and its threads ended. At rest with nothing
    # held would read as a deadlock; it is a return.
    from kata import held_calls

    class ReturnsBetweenTheLooks:
        def __init__(self):
            self.looks = 0

        def is_set(self):
            self.looks += 1
            return self.looks > 1

    class EveryThreadGone:
        asleep_at_rest = frozenset()

        def settled(self):
            return True  # vacuously: no thread of the run is left

        def anyone_sleeping(self):
            return False

    call = type("Call", (), {"finished": ReturnsBetweenTheLooks()})()
    drove = held_calls.Drive(call)
    held_calls._drive_until_return(HeldCalls(), EveryThreadGone(), drove, None, None, 1.0)
    assert drove.returned and not drove.stuck


class _Spinner:
    """Python code that says it runs, then runs until let go: no C call, so no hook
    sees it."""

    def __init__(self):
        self.inside = self.leave = False

    def spin(self):
        self.inside = True
        while not self.leave:
            pass


def _at_rest_while_running_unseen(then_run):
    """settled(), asked while a thread of the run that the hook last saw waiting for a
    lock nobody released runs Python code no hook sees: `then_run(quiet, spinner)`,
    in that thread, gets there."""
    lock = threading.Lock()
    lock.acquire()
    spinner = _Spinner()

    def wait_then_run(quiet):
        sys.setprofile(None)  # as inside the profiling machinery: only the calls below count
        quiet._hook(sys._getframe(), "c_call", lock.acquire)  # waits for the lock...
        then_run(quiet, spinner)  # ...and has it, but the hook has not noted that yet

    with Quiescence() as quiet:
        thread = threading.Thread(target=wait_then_run, args=(quiet,))
        thread.start()
        try:
            while not spinner.inside:
                time.sleep(0.001)
            return quiet.settled()
        finally:
            spinner.leave = True
            thread.join(GUARD)
            lock.release()


def test_a_thread_running_other_code_inside_the_hook_is_not_at_rest():
    """The garbage collector can run finalizers and weakref callbacks (a collected
    pool's) inside the profile hook: on 3.12+ at the hook's first instruction, before
    that on an allocation. The thread's top frame is then theirs, the hook's below it,
    and the state the hook is about to note is not noted yet."""

    class CollectedInsideTheHook:
        """Stands for the C function whose return the hook notes; reading its name
        runs Python code, as a finalizer would."""

        def __init__(self, spinner):
            self.spinner = spinner

        @property
        def __name__(self):
            self.spinner.spin()
            return "acquire"

    def return_inside_the_hook(quiet, spinner):
        quiet._hook(sys._getframe(), "c_return", CollectedInsideTheHook(spinner))

    assert not _at_rest_while_running_unseen(return_inside_the_hook)


def test_a_thread_running_finalizers_before_the_hook_noted_its_return_is_not_at_rest():
    """3.10/3.11 collect garbage on an allocation, which can come after a C call has
    returned and before the hook runs, with tracing already off: no hook frame on the
    stack, and the thread's state still says it waits. The collector's own callback
    says it runs."""

    class Finalized:
        def __init__(self, spinner):
            self.spinner, self.cycle = spinner, self

        def __del__(self):
            self.spinner.spin()

    def collect_a_finalizer(quiet, spinner):
        Finalized(spinner)
        gc.collect()

    assert not _at_rest_while_running_unseen(collect_a_finalizer)
