"""A controlled scheduler that finds races and deadlocks in learner code.

On CPython 3.10+ an unlocked `self.value += 1` run from several threads almost
never loses an update by chance, so a stress loop passes racy code. This package
runs 2-3 thread bodies, and every thread or pool worker they start, one at a time
and chooses where to switch between them, systematically, so a race or deadlock
shows up on every check run, never on correct code, and the learner sees the
interleaving that broke. Time is virtual: sleeps and timeouts cost no wall time.

Usage::

    from kata.scheduler import explore, replay, cooperative_threading

    with cooperative_threading():              # module-level locks become cooperative
        counter = importlib.import_module("counter")

    result = explore(
        setup=lambda: counter.Counter(),                    # fresh state per schedule
        threads=[lambda c: c.add(), lambda c: c.add()],     # each body gets the state
        invariant=lambda c: None if c.value == 2 else f"expected value = 2 after two calls, got {c.value}",
        watch=[counter],                                    # where switch points go
    )
    result.status          # "pass", "fail", "deadlock", "inconclusive", "unsupported", "error"
    print(result.explain())
    replay(result.replay_token, setup, threads, invariant, watch=[counter])  # same run, traced

API
---
explore(setup, threads, invariant=None, watch=(), *, max_preemptions=2,
        random_schedules=300, seed=0, time_budget=1.5, max_schedules=5000,
        max_steps=20000, stall_timeout=2.0, spin_limit=1000,
        count_every_switch=False, deeper_levels_within=None, reduce=True,
        between_schedules=None) -> Result
    `setup()` builds fresh shared state for each schedule (it runs with the
    cooperative primitives patched in, so locks made in `__init__` are covered).
    `threads`: 1-4 callables, each called with the state (2-3 keep it fast; keep
    each body to one or two calls). `invariant(state)` - or
    `invariant(state, results)` with the bodies' return values if it takes two
    parameters - returns None/True when fine, or a message (str) / False; an
    AssertionError counts as a failure with its message; any other exception is
    an "error". `watch`: modules, file paths, functions or classes whose files
    get switch points. `count_every_switch`: picking any thread other than the
    default at a blocking point or thread end also counts against
    max_preemptions (use it when the code starts pools: every task hand-over is
    such a point, and the schedules multiply; then read "inconclusive" after
    max_schedules as "nothing failed in that bound"). Where a thread the code
    under test started could run, such a pick always counts.
    `deeper_levels_within`: levels 0 and 1 always run whole; the schedules of
    levels above them run only while fewer than this many have run in all (a
    level cut short is a sample, not a proof): without a failure the result is
    then "inconclusive" and `complete_level` says how far the proof got.
    `reduce`: partial-order reduction (_footprint.py, _search.py). A schedule
    that differs from one already run only in the order of steps that cannot
    affect each other (different locks, data one of them does not touch) is
    skipped, and a run that turns out to repeat one already covered stops early.
    The bugs found are the same; the schedules are several times fewer.
    `between_schedules()` is called before each schedule; an exception it raises
    ends the search and leaves explore() (the grader's way to drop a search
    whose verdict no longer matters).
replay(token, setup, threads, invariant=None, watch=(), *, max_steps=20000,
       stall_timeout=2.0, spin_limit=1000) -> Result
    Runs the one schedule `token` (Result.replay_token) with the trace on.
cooperative_threading()
    Context manager (nestable): threading.Lock, RLock, Condition, Semaphore,
    BoundedSemaphore, Event and queue.SimpleQueue become the cooperative
    classes; threading.Thread.start inside a run (from a controlled thread or
    from setup()) makes the thread a controlled thread of the run; time.sleep,
    time.monotonic, time.time and time.perf_counter use the run's virtual clock
    in controlled threads. Objects made under it behave as real locks, and the
    time functions as the real ones, outside a controlled run.
Result
    status, schedules (count run), elapsed (s), message (invariant message or
    reason), trace (TraceStep list: step, thread, location, source, action),
    stuck (deadlock: per thread [where, waits for..., holds...]), replay_token,
    preemptions, seed, systematic_complete, complete_level (every schedule with
    up to this many preemptions ran; -1: not even level 0), random_schedules, explored (tokens
    in the order run), entered (function each body called), legend (one line
    per thread the code started: "T3 (worker 1 of a ThreadPoolExecutor, started
    by T1)"), first_failure ((schedule number, seconds) when the first failing
    schedule was seen), explain().

Statuses
--------
pass          every schedule with up to `max_preemptions` preemptions ran with no
              failure (then up to `random_schedules` seeded random schedules ran
              too, as long as the time budget lasted).
fail          some schedule broke the invariant or made a body raise; the
              reported one is the shortest found (fewest preemptions, then
              fewest steps). An exception in a body is a failure of that
              schedule, shown as "T2 raises KeyError: 'a'" in the trace.
deadlock      in some schedule no thread could continue (each waits for a lock,
              condition, event, semaphore, queue, future or thread) and none
              waits with a timeout, while a body has not returned; `stuck` says
              where each thread is, what it waits for and what it holds. (Once
              every body has returned, threads left waiting, such as the
              workers of a pool nobody shut down, are simply abandoned.)
inconclusive  the budget (time_budget or max_schedules) ran out before the
              bounded systematic search was complete and nothing failed. Never
              "pass".
unsupported   the scheduler cannot control this run: Python < 3.10, a Python
              newer than its bytecode tables (3.10-3.15 today), not CPython,
              a free-threaded build, a tracer already active (sys.gettrace(),
              threading.gettrace(), a debugger or coverage), no free
              sys.monitoring tool id, a real (non-cooperative) threading
              primitive or pool in a watched module or on the state, or more
              than 32 threads started in one run. `message` says which.
error         the check itself could not run: setup() or the invariant raised
              (also when the invariant has to wait on a lock, queue, condition
              or event: after the run no thread is left to wake it; read such
              state in a body and return it),
              a body ran more than `max_steps` switch points (an endless loop),
              or a thread stopped reaching switch points for `stall_timeout` s
              (blocked in C on a non-cooperative lock, sleeping, looping in
              unwatched code).

How it works
------------
* Switch points (see _points): before instructions of the watched files that
  read or write state other threads can see (attributes assigned outside
  constructors, `global`/`nonlocal` names, subscripts) and before calls
  (including `with`'s __enter__/__exit__). `self.value += 1` has two: before
  the read and before the write.
* Control (see _tracing): sys.monitoring INSTRUCTION events on 3.12+ (a free
  tool id, 3 or 4 first), sys.settrace with f_trace_opcodes on 3.10/3.11.
  Callbacks never raise. Tracing and the threading patch are always undone.
* Only one thread runs at a time; cooperative locks never block in C: a thread
  that must wait tells the scheduler and hands over the turn. Time is virtual:
  each run has a clock that starts at 0; sleeps and timed waits (acquire,
  Condition/Event wait, join, Queue.get, Future.result, as_completed, wait)
  have a deadline on it, and when no thread can go on the clock jumps to the
  earliest deadline. A thread that spins `spin_limit` steps while others could
  run is switched out (not counted as a preemption), so busy-waiting on a flag
  terminates.
* Threads the code starts: Thread.start inside a run adds a controlled thread
  (T3, T4, ... in start order) and is no switch point (it may happen while
  concurrent.futures' module-level lock is held). join()/is_alive() wait on a
  cooperative lock held until the thread ends (standing in for the thread's
  _tstate_lock, or its _handle on 3.13+); current_thread() is the thread's own
  Thread object. A ThreadPoolExecutor made in the run, in setup() or at import
  under cooperative_threading() works whole: workers, work queue, shutdown,
  Futures, map, as_completed, wait. A pool that outlives a run (module-level,
  cached) loses its workers with it and starts new ones in the next run.
* Names: locks made during a run by the code under test are numbered ("lock
  #2, made by T2 at inventory.py:10"); a non-blocking or timed acquire that
  gives up says so in the trace. Library-internal primitives (a Future's
  condition, a pool's queue) appear only where a thread waits on them.
* Search (see _search): bounded preemption (CHESS): all schedules with 0
  preemptions, then 1, then 2; a preemption is switching away from a thread
  that could continue. Then seeded random schedules. Same seed and same code =>
  same schedules in the same order. The failing schedule is re-run once with
  recording on to build the trace (values read/written come from the objects'
  __dict__, never from running learner __repr__ or properties).
* Schedule tokens: "1*4,2*3,1" lists the thread (1-based) picked at each point
  where more than one thread could run, run-length encoded, up to the last
  non-default pick; after the token the default is used (keep running, or the
  next thread round-robin).

Interpreters
------------
interpreter_problem() -> str | None says, before any run, why this interpreter
cannot be controlled at all (then every explore() is "unsupported" with that
message; checks turn it into an ERROR verdict, never a pass).
* CPython 3.10-3.15 with the GIL (the default build): the guarantees above
  hold. The switch points come from one opcode table per version (_points);
  3.14 and 3.15 are written from the `dis` documentation and run in CI only.
* A newer CPython: refused until a table for it is added and tested.
* Free-threaded builds (3.13t, 3.14t, with or without the GIL switched on at
  run time): refused today. The scheduler itself runs one thread at a time, so
  no parallelism is needed for its guarantees, but sys.monitoring and the
  cooperative primitives have not been proved there; an unproved pass would
  be worse than no verdict.

Supported through the patch: anything built from threading's Lock, RLock,
Condition, Semaphore, BoundedSemaphore, Event or queue.SimpleQueue when it is
created while the patch is active (in setup(), in the run, or at import under
cooperative_threading()), e.g. queue.Queue, threading.Barrier, Thread,
concurrent.futures.Future and ThreadPoolExecutor.

Not supported: code running in threads that existed before the run (reported
"unsupported" when seen: always on 3.12+, on 3.10/3.11 when it uses a
cooperative lock), primitives that block in C (a stall
"error"), asyncio, multiprocessing, time.*_ns clocks (real time), and
primitives created before cooperative_threading() (reported "unsupported" when
found in a watched module or on the state object, otherwise a stall "error").
threading.local() values are per OS worker thread, which runs may reuse. Code outside the watched
files runs atomically between switch points. A failure found only by the random
phase is reported as found, without shrinking it. For 3 threads prefer
max_preemptions=1 (the bounded space grows quickly with threads and switch
points); run the checks without coverage or a debugger attached.
"""

from ._points import interpreter_problem
from ._report import Result, TraceStep
from ._search import explore, replay
from ._sync import cooperative_threading, uses

__all__ = ["explore", "replay", "cooperative_threading", "uses", "interpreter_problem", "Result", "TraceStep"]
