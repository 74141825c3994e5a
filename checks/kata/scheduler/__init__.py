"""A controlled scheduler that finds races and deadlocks in learner code.

On CPython 3.10+ an unlocked `self.value += 1` run from several threads almost
never loses an update by chance, so a stress loop passes racy code. This package
runs 2-3 thread bodies one at a time and chooses where to switch between them,
systematically, so a race or deadlock shows up on every check run, never on
correct code, and the learner sees the interleaving that broke.

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
        max_steps=20000, stall_timeout=2.0, spin_limit=1000) -> Result
    `setup()` builds fresh shared state for each schedule (it runs with the
    cooperative primitives patched in, so locks made in `__init__` are covered).
    `threads`: 1-4 callables, each called with the state (2-3 keep it fast; keep
    each body to one or two calls). `invariant(state)` - or
    `invariant(state, results)` with the bodies' return values if it takes two
    parameters - returns None/True when fine, or a message (str) / False; an
    AssertionError counts as a failure with its message; any other exception is
    an "error". `watch`: modules, file paths, functions or classes whose files
    get switch points.
replay(token, setup, threads, invariant=None, watch=(), *, max_steps=20000,
       stall_timeout=2.0, spin_limit=1000) -> Result
    Runs the one schedule `token` (Result.replay_token) with the trace on.
cooperative_threading()
    Context manager (nestable): threading.Lock, RLock, Condition, Semaphore,
    BoundedSemaphore and Event become the cooperative classes,
    threading.Thread.start refuses to start threads inside a run, and
    time.sleep returns at once in controlled threads (virtual time; the call is
    a switch point anyway). Objects made under it behave as real locks, and
    time.sleep as the real one, outside a controlled run.
Result
    status, schedules (count run), elapsed (s), message (invariant message or
    reason), trace (TraceStep list: step, thread, location, source, action),
    stuck (deadlock: per thread [where, waits for..., holds...]), replay_token,
    preemptions, seed, systematic_complete, random_schedules, explored (tokens
    in the order run), entered (function each thread called), first_failure
    ((schedule number, seconds) when the first failing schedule was seen),
    explain().

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
              condition, event or semaphore); `stuck` says where each thread is,
              what it waits for and what it holds.
inconclusive  the budget (time_budget or max_schedules) ran out before the
              bounded systematic search was complete and nothing failed. Never
              "pass".
unsupported   the scheduler cannot control this run: Python < 3.10, a Python
              newer than its bytecode tables (3.10-3.15 today), not CPython,
              a free-threaded build, a tracer already active (sys.gettrace(),
              threading.gettrace(), a debugger or coverage), no free
              sys.monitoring tool id, a real (non-cooperative) threading
              primitive in a watched module, or learner code that started a
              thread / used a pool inside the run. `message` says which.
error         the check itself could not run: setup() or the invariant raised,
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
  that must wait tells the scheduler and hands over the turn. Timeouts are
  virtual: a timed wait times out only when no thread can go on. A thread
  that spins `spin_limit` steps while others could run is switched out (not
  counted as a preemption), so busy-waiting on a flag terminates.
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
Condition, Semaphore, BoundedSemaphore or Event when it is created while the
patch is active (in setup() or at import under cooperative_threading()), e.g.
queue.Queue, threading.Barrier and concurrent.futures.Future.

Not supported: threads or pools started by learner code inside a run
(reported "unsupported"), code running in threads that existed before the run
(reported "unsupported" when seen: always on 3.12+, on 3.10/3.11 when it uses a
cooperative lock), queue.SimpleQueue and other primitives that block in C
(a stall "error"), asyncio, multiprocessing, and primitives created before
cooperative_threading() (reported "unsupported" when found in a watched module
or on the state object, otherwise a stall "error"). Code outside the watched
files runs atomically between switch points. A failure found only by the random
phase is reported as found, without shrinking it. For 3 threads prefer
max_preemptions=1 (the bounded space grows quickly with threads and switch
points); run the checks without coverage or a debugger attached.
"""

from ._points import interpreter_problem
from ._report import Result, TraceStep
from ._search import explore, replay
from ._sync import cooperative_threading

__all__ = ["explore", "replay", "cooperative_threading", "interpreter_problem", "Result", "TraceStep"]
