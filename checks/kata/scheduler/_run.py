"""One controlled run: the thread bodies execute one at a time, and at every
switch point, blocking wait or thread end a policy picks who goes on.

Threads hand the turn to each other directly: the running thread decides (it is
the only one running), releases the gate of the next thread and waits on its own
gate. The harness thread only starts the run, watches for a stall and collects
the outcome.

Time is virtual: each run has its own clock (`Run.now`, seconds since the run
began), read by time.monotonic/time/perf_counter in controlled threads. Every
timed wait (`time.sleep`, `acquire(timeout=1)`, `cond.wait(0.5)`, `join(2)`,
`future.result(timeout=5)`) has a deadline on that clock; when no thread can go
on, the clock jumps to the earliest deadline. No thread can go on and none has a
deadline: a deadlock (or, once the bodies have returned, threads left idle).

Threads that learner code starts (`threading.Thread.start`, a pool's workers)
become controlled threads of the run, T3, T4, ... in the order they start.
"""

import _thread
import ctypes
import linecache
import os
import queue
import sys
import threading

from .. import thread_hooks
from . import _sync
from ._footprint import (PURE, UNKNOWN, StepEffects, note_nested, note_point, started_thread_effect,
                         work_item_effect)
from ._sync import RunAborted

ORIGINAL_THREAD = threading.Thread  # never patched: only Thread.start is
MAX_THREADS = 32
COVERED = object()  # _choose(): the rest of the run repeats another schedule


class ThreadState:
    """Scheduler-side state of one controlled thread (T1, T2, ...)."""

    def __init__(self, run, index, body, thread=None, parent=None):
        self.run, self.index, self.body = run, index, body
        self.name = f"T{index + 1}"
        self.is_body = thread is None      # one of explore()'s bodies, not started by learner code
        self.label = self.name if self.is_body else _thread_label(self.name, thread, parent)
        # The threading.Thread the code under test sees (current_thread(), join()).
        self.thread = thread if thread is not None else _body_thread(index)
        self.end = _sync.ThreadEnd(run, self.label)
        worker = None if thread is None else thread_hooks.pool_worker(thread)
        self.pool_ref = worker[0] if worker else None  # the pool it serves, weakly
        self.work_queue = worker[1] if worker else None
        self.gate = _thread.allocate_lock()
        self.gate.acquire()
        self.status = "ready"        # ready | blocked | done
        self.waiting_for = None      # the cooperative Lock (or Sleep) it is blocked on
        self.deadline = None         # virtual time at which a timed wait gives up
        self.held = []               # cooperative locks it holds, oldest first
        self.paused_at = "start"     # start | switch | block | None (running)
        self.free_running = False    # abandoned: no longer scheduled
        self.abort_injected = False
        self.consecutive_steps = 0
        self.reading_final_state = False  # inside _sync.final_reading()
        self.result = None
        self.error = None            # exception raised by the body
        self.ident = None
        self.point = None            # last switch point reached
        self.pending = None          # (row, access) of a write whose value is not known yet
        self.entered = None          # first watched function it ran, e.g. "add"
        self.open_call = None        # (frame, effect) of a call judged not pure, in progress
        self.operation = None        # (object kind, role) of a library operation in progress (_sync._touch)
        # What each of its steps may do in code the footprints do not see into, judged
        # as a call (see started_thread_effect); bodies run none.
        self.unseen = PURE


_BODY_THREADS = {}


def _body_thread(index):
    """The threading.Thread object of body T<index+1>: one per index, reused by
    every run (making a Thread for each schedule would cost more than the schedule)."""
    thread = _BODY_THREADS.get(index)
    if thread is None:
        thread = _BODY_THREADS[index] = ORIGINAL_THREAD(name=f"T{index + 1}", daemon=True)
    return thread


def _thread_label(name, thread, parent):
    """'T3 (worker 1 of a pool started by T1)', 'T4 (thread "mailer" started by T2)'."""
    by = f"started by {parent.name}" if parent is not None else "started by setup()"
    target = getattr(thread, "_target", None)
    if getattr(target, "__module__", None) == "concurrent.futures.thread":
        number = thread.name.rpartition("_")[2]
        worker = f"worker {int(number) + 1}" if number.isdigit() else f"worker {thread.name!r}"
        return f"{name} ({worker} of a ThreadPoolExecutor, {by})"
    return f"{name} (thread {thread.name!r}, {by})"


class Choice:
    """A point where more than one thread could run next."""

    __slots__ = ("kind", "candidates", "default", "chosen", "current", "among_started",
                 "parts", "sleep")

    def __init__(self, kind, candidates, default, chosen, current, among_started=False):
        self.kind = kind              # switch | free | timeout
        self.candidates = candidates  # thread indexes
        self.default, self.chosen, self.current = default, chosen, current
        # A thread the code under test started (a pool worker, an owner thread) could run.
        self.among_started = among_started
        # Footprints of the step from here: the chosen thread's, then those of threads
        # that ran after it with no choice in between (the chosen one blocked).
        self.parts = ()
        # {thread: Footprint} of threads whose step from here is already covered by
        # another schedule (None: no sleep set kept at this choice).
        self.sleep = None

    def is_preemption(self, chosen=None):
        chosen = self.chosen if chosen is None else chosen
        return self.kind == "switch" and chosen != self.current


class Run:
    def __init__(self, bodies, backend, policy, *, max_steps, spin_limit, recorder=None):
        self.backend, self.policy, self.recorder = backend, policy, recorder
        self.max_steps, self.spin_limit = max_steps, spin_limit
        self.now = 0.0                # virtual seconds since the run began
        self.clock_origin = {name: clock() for name, clock in _sync._REAL_CLOCKS.items()}
        self.threads = [ThreadState(self, index, body) for index, body in enumerate(bodies)]
        self.alive = len(self.threads)  # threads not done
        self.pool = None              # set once the threads are dispatched
        self.choices = []
        self.preemptions = 0
        # Partial-order reduction (sleep sets): the footprint of the step in progress
        # (_footprint.py), and the threads asleep at the current choice (None inside
        # a replayed prefix, where footprints are not needed).
        self.effects = StepEffects()
        self.parts = []               # footprints of threads that ran earlier in this step
        self.asleep = None
        self.covered = False          # stopped at its last choice: a sleeping thread was next
        self.steps = 0
        self.progress = 0
        self.outcome = None           # done | deadlock | error | stall
        self.message = None
        self.unsupported = None
        self.aborting = False
        self.stuck = []               # per-thread lines for a deadlock report
        self.leaked_threads = 0
        self.state = None
        self.current = None
        self.owner_numbers = {}
        self.primitives_made = 0      # learner primitives made during the run, for their names
        self.primitives_numbered = 0  # every primitive made during the run, for footprints
        self.site_counts = {}         # primitives made per (file, line, owner), for their names
        self.harness_ident = _thread.get_ident()
        self._saved_primitives = {}
        self._stopped = _thread.allocate_lock()
        self._stopped.acquire()
        # Released when a thread finishes, so the harness waits for the threads it
        # abandons without polling (an actor's owner thread is abandoned every run).
        self._a_thread_finished = _thread.allocate_lock()
        self._a_thread_finished.acquire()

    # ------------------------------------------------------------ harness side

    def execute(self, setup, stall_timeout, pool):
        """Run setup and the bodies to the end; sets outcome/message."""
        _sync.set_active_run(self)
        try:
            try:
                self.state = setup()
            except BaseException as exc:  # noqa: B902 - reported as the result
                self._stop("error", f"setup() raised {_exception_text(exc)}")
                return
            self._check_state_for_real_primitives()
            pool.dispatch(self.threads)
            self.pool = pool
            self._give_turn(self._choose(None, "start"))
            self._wait_until_stopped(stall_timeout)
            if not self.covered:
                self.close_step()  # the last step's footprint, for the search
            if self.outcome == "deadlock":
                self.stuck = [self._stuck_line(ts) for ts in self.threads if ts.status != "done"]
            if any(ts.status != "done" for ts in self.threads) and not self.covered:
                self._abandon()
            self._wait_for_threads()
        finally:
            self._restore_primitives()
            self._forget_threads()
            _sync.set_active_run(None)

    def _check_state_for_real_primitives(self):
        try:
            namespace = vars(self.state)
        except TypeError:
            return
        found = _sync.find_real_primitives(namespace, "state")
        if found:
            self.mark_unsupported(f"{', '.join(found)} is a real threading primitive, thread or "
                                  "pool (created outside cooperative_threading() or before the "
                                  "check); the scheduler cannot control it")

    def _wait_until_stopped(self, stall_timeout):
        seen, since = -1, _sync.real_monotonic()
        while not self._stopped.acquire(timeout=0.02):
            now = _sync.real_monotonic()
            if self.progress != seen:
                seen, since = self.progress, now
            elif now - since > stall_timeout:
                self._stop("stall", self._stall_message(stall_timeout))

    def _stall_message(self, stall_timeout):
        ts = self.current
        if ts is None:
            return f"the run made no progress for {stall_timeout:g} s"
        where = _describe_frame(_learner_frame_of(ts.ident, self.backend.watched))
        return (f"{ts.name} stopped at {where} and did not reach another switch point for "
                f"{stall_timeout:g} s: it is probably blocked on a lock that is not cooperative "
                "(created before cooperative_threading() was active), sleeping, or looping "
                "outside the watched code")

    def _abandon(self):
        """Make every thread leave learner code: blocked ones get RunAborted from
        their wait; paused or running ones go on untraced and get RunAborted
        injected (which needs every trace callback silenced first)."""
        self.aborting = True
        needs_injection = [ts for ts in self.threads
                           if ts.status != "done" and ts.paused_at not in ("start", "block")]
        if needs_injection:
            self.backend.silence()
        for ts in self.threads:
            if ts.status == "done":
                continue
            if ts.paused_at is not None:
                ts.gate.release()
            else:
                ts.free_running = True  # the running (stalled) thread
        deadline = _sync.real_monotonic() + 2.0
        while _sync.real_monotonic() < deadline and any(t.status != "done" for t in self.threads):
            injecting = False
            for ts in needs_injection:
                if ts.free_running and not ts.abort_injected and ts.status != "done":
                    injecting = not self._inject_abort(ts) or injecting
            # Poll while an injection waits for its thread to leave scheduler code.
            self._a_thread_finished.acquire(timeout=0.0002 if injecting else 0.05)
        if needs_injection:
            self.backend.resume()

    def _inject_abort(self, ts):
        """True once RunAborted is on its way to `ts`."""
        frame = sys._current_frames().get(ts.ident)
        if frame is None or _sync.is_scheduler_frame(frame):
            return False  # still inside scheduler code: try again shortly
        ts.abort_injected = True
        _set_async_exception(ts.ident, RunAborted)
        return True

    def _wait_for_threads(self):
        deadline = _sync.real_monotonic() + 2.0
        while any(ts.status != "done" for ts in self.threads) and _sync.real_monotonic() < deadline:
            self._a_thread_finished.acquire(timeout=0.05)
        self.leaked_threads = sum(ts.status != "done" for ts in self.threads)

    def _forget_threads(self):
        """The run's threads are gone: they look finished to join()/is_alive(),
        and the pools they served no longer list them for interpreter exit."""
        from concurrent.futures import thread as pool_module

        for ts in self.threads:
            ts.end.finish()
            pool_module._threads_queues.pop(ts.thread, None)
            executor = ts.pool_ref() if ts.pool_ref is not None else None
            if executor is not None:  # kept beyond the run (module-level, cached)
                _without_workers(executor)

    def _restore_primitives(self):
        for primitive, state in reversed(list(self._saved_primitives.values())):
            primitive.restore(state)

    def _stuck_line(self, ts):
        where = _describe_frame(_learner_frame_of(ts.ident, self.backend.watched))
        parts = [f"{ts.name}  {where}"]
        if ts.status == "blocked":
            parts.append(_sync.describe_wait(ts.waiting_for))
        held = ", ".join(lock.describe() for lock in ts.held)
        parts.append(f"holds {held}" if held else "holds nothing")
        return parts

    def is_harness_thread(self):
        return _thread.get_ident() == self.harness_ident

    # ------------------------------------------------------------ thread side

    def thread_main(self, ts):
        """Runs in a pool worker: wait for the first turn, run the body, report."""
        ts.ident = _thread.get_ident()
        _sync.adopt_thread(ts.thread, ts.end, ts.ident)
        with threading._active_limbo_lock:
            threading._active[ts.ident] = ts.thread  # current_thread() in the body
        _sync.set_controlled_thread(ts)
        self.backend.thread_begin()
        try:
            ts.gate.acquire()
            ts.paused_at = None
            if not self.aborting:
                self._run_body(ts)
        except RunAborted:
            pass
        finally:
            self.backend.thread_end()
            _sync.set_controlled_thread(None)
            with threading._active_limbo_lock:
                threading._active.pop(ts.ident, None)
            self._thread_finished(ts)
        # An injected abort that has not fired yet fires in the worker loop, which
        # absorbs it. (Never "clear" it with SetAsyncExc(id, NULL): on 3.11 that
        # leaves the interpreter's async-exception flag set and every function
        # entry then spins.)

    def _run_body(self, ts):
        try:
            ts.result = ts.body(self.state) if ts.is_body else ts.thread.run()
        except RunAborted:
            pass
        except BaseException as exc:  # noqa: B902 - a body's failure is a result
            ts.error = exc
            if self.recorder:
                self.recorder.raised(ts, exc)

    def at_switch_point(self, ts, point, frame_getter):
        if self.aborting:
            return self._leave_for_abort(ts)
        self.progress += 1
        self.steps += 1
        ts.consecutive_steps += 1
        if self.steps > self.max_steps:
            self._stop_and_pause(ts, "switch", "error",
                                 f"{ts.name} ran more than {self.max_steps} steps without finishing, "
                                 f"at {point.location()} ({point.source()}): an endless loop?")
            return self._leave_for_abort(ts)
        ts.point = point
        if self._reading_alone(ts):
            return None
        if self.recorder:
            self.recorder.settle(ts)
        following = self._choose(ts, "switch")
        if following is COVERED:
            raise RunAborted
        if following is not ts:
            self._hand_over(ts, following, "switch")
            if self.covered:
                raise RunAborted  # out of the tracing callback: see _tracing.py
            if self.aborting:
                return self._leave_for_abort(ts)
        # The instruction about to run belongs to the new step. (A step of a thread
        # that runs code judged unknown touches anything anyway.)
        if self.asleep is not None and ts.unseen is not UNKNOWN:
            if ts.open_call is not None:
                frame = frame_getter()
                note_nested(self.effects, ts, frame)
                # Asked once: on 3.12+ each look is a sys._getframe, which the
                # grader's audit hook examines.
                frame_getter = lambda: frame  # noqa: E731
            note_point(self.effects, ts, point, frame_getter, self.backend.watched)
        if self.recorder:
            self.recorder.step(ts, point, frame_getter())
        return None

    def at_effect_point(self, ts, point, frame_getter):
        """An instruction that reads (or writes) data it did not make: no choice,
        only the footprint of the step in progress."""
        effects = self.effects
        if self.asleep is None or (effects.writes_any and effects.reads_any) or self._reading_alone(ts):
            return
        if ts.open_call is not None:
            note_nested(effects, ts, frame_getter())
        effects.reads_any = True
        if point.action == "writes":
            effects.writes_any = True

    def _leave_for_abort(self, ts):
        self.backend.leave_for_abort()
        ts.free_running = True

    def wait_for(self, ts, lock, deadline):
        """Called by a cooperative Lock that `ts` found taken (or by sleep()).
        Returns True when the lock may be free now (try again), False when the
        virtual `deadline` (None: none) passed first."""
        if self.aborting:
            raise RunAborted
        self.progress += 1
        if self.recorder:
            self.recorder.settle(ts)
            # Library threads idling on library primitives (a pool worker waiting
            # for work) would only bury the learner's steps.
            self.recorder.note(ts, _sync.describe_wait(lock),
                               only_in_watched_code=not _sync.learner_made(lock))
        ts.status, ts.waiting_for, ts.deadline = "blocked", lock, deadline
        if deadline is not None:
            self.touch_unknown()  # a timeout depends on the clock, which every step moves
        since = self.now
        following = self._choose(ts, "block")
        if following is COVERED:
            raise RunAborted
        if following is None:
            self._stop_and_pause(ts, "block", self._ending())
            raise RunAborted
        if following is not ts:
            self._hand_over(ts, following, "block")
            if self.aborting:
                raise RunAborted
        timed_out = deadline is not None and self.now >= deadline and lock.taken()
        ts.status, ts.waiting_for, ts.deadline = "ready", None, None
        if timed_out and self.recorder and not isinstance(lock, _sync.Sleep):
            waited = _sync.describe_wait(lock)[len("waits for "):]
            self.recorder.note(ts, f"gives up waiting for {waited} after {deadline - since:g} s "
                                   "(timeout) and carries on")
        return not timed_out

    def sleep(self, ts, seconds):
        """time.sleep in a controlled thread: wait until the virtual clock says so."""
        self.wait_for(ts, _sync.Sleep(seconds), self.now + seconds)

    def start_thread(self, thread):
        """threading.Thread.start inside the run: `thread` becomes a controlled
        thread, ready to run; the caller goes on (starting is no switch point,
        so it is safe while a module-level lock such as the pool's is held)."""
        if thread._started.is_set():
            raise RuntimeError("threads can only be started once")
        if len(self.threads) >= MAX_THREADS:
            self.mark_unsupported(f"learner code started more than {MAX_THREADS} threads in one run")
            raise RuntimeError("kata.scheduler: too many threads in one controlled run")
        current = _sync.controlled_thread()
        self.touch_unknown()
        ts = ThreadState(self, len(self.threads), None, thread, current)
        ts.unseen = started_thread_effect(thread, self.backend.watched)
        self.threads.append(ts)
        self.alive += 1
        _sync.adopt_thread(thread, ts.end, None)
        if self.pool is not None:
            self.pool.dispatch([ts])
        if current is not None:
            self.note(current, f"starts {ts.label}")

    def _ending(self):
        """Nothing can run and nothing waits with a deadline: a deadlock, unless
        every body has returned (then the rest are threads left idle, such as
        the workers of a pool nobody shut down)."""
        return "done" if all(t.status == "done" for t in self.threads if t.is_body) else "deadlock"

    def _thread_finished(self, ts):
        if ts.status == "done":
            return
        if self.recorder:
            self.recorder.settle(ts)
        ts.status = "done"
        self.alive -= 1
        ts.end.finish()
        self.progress += 1
        if self._a_thread_finished.locked():
            try:
                self._a_thread_finished.release()
            except RuntimeError:
                pass  # another thread's end released it first: the waiter wakes once for both
        if self.aborting or self.outcome is not None:
            return
        self.touch(ts.end._key)  # join() and is_alive() see it
        following = self._choose(ts, "finish")
        if following is COVERED:
            return
        if following is not None:
            self._give_turn(following)
        else:
            self._stop(self._ending())

    def work_taken(self, ts, item):
        """Pool worker `ts` took `item` from its work queue: it runs item.fn next,
        called from the pool's code, so judge that function as a call."""
        ts.unseen = work_item_effect(item, self.backend.watched)
        self.effects.judged(ts.unseen)

    def note(self, ts, text):
        if self.recorder and self.outcome is None and not self._reading_alone(ts):
            self.recorder.note(ts, text)

    def _reading_alone(self, ts):
        """In _sync.final_reading(), with no other thread alive: no choice, no
        footprint, no trace (but a wait is still noted: it may be a deadlock's)."""
        return ts.reading_final_state and self.alive == 1

    def remember_state(self, primitive):
        key = id(primitive)
        if key not in self._saved_primitives:
            self._saved_primitives[key] = (primitive, primitive.snapshot())

    def mark_unsupported(self, reason):
        if self.unsupported is None:
            self.unsupported = reason

    def saw_uncontrolled_thread(self, point):
        if not self.is_harness_thread():
            self.mark_unsupported(f"learner code at {point.location()} ran in a thread the "
                                  "scheduler does not control (a pool or thread started by the "
                                  "learner code, or created before the check)")

    def internal_error(self, exc):
        self._stop("error", f"internal scheduler error: {_exception_text(exc)}")

    # ------------------------------------------------------------ choosing

    def _runnable(self, ts):
        if ts.status == "ready":
            return True
        return ts.status == "blocked" and (
            not ts.waiting_for.taken() or (ts.deadline is not None and ts.deadline <= self.now))

    def _choose(self, ts, kind):
        """The thread to run next (kind is start | switch | block | finish), None when
        none can, or COVERED when the next step would repeat another schedule's."""
        following = self._pick(ts, kind)
        if following is not None and self.asleep and following.index in self.asleep:
            # The step in progress may not have closed (no choice ended it): what it
            # did so far wakes the sleeping threads it conflicts with.
            self._wake(self.parts + [self.effects.frozen()])
        if following is not None and self.asleep and following.index in self.asleep:
            # A sleeping thread would run: all that follows only reorders steps that
            # commute, so another schedule covers it. End the run here.
            self._cover(ts)
            return COVERED
        return following

    def _cover(self, current):
        self.covered = self.aborting = True
        self._stop("covered")
        for ts in self.threads:
            if ts is not current and ts.status != "done" and ts.paused_at is not None:
                ts.gate.release()  # each leaves by RunAborted (or never starts)

    def _pick(self, ts, kind):
        runnable = [t for t in self.threads if self._runnable(t)]
        if not runnable:
            deadlines = [t.deadline for t in self.threads
                         if t.status == "blocked" and t.deadline is not None]
            if not deadlines or self._ending() == "done":
                # Once the bodies have returned, time stops: threads still sleeping
                # (a poller that never ends, say) are background work, left there.
                return None
            self.now = max(self.now, min(deadlines))  # the clock jumps to the next deadline
            runnable = [t for t in self.threads if self._runnable(t)]
            kind = "timeout"
        if len(runnable) == 1:
            return runnable[0]
        if kind == "switch":
            if ts.consecutive_steps < self.spin_limit:
                return self._decide("switch", runnable, ts, ts)
            # Fairness: a thread spinning on a flag lets the others move (not a choice).
            return _next_after(ts, runnable)
        default = runnable[0] if ts is None else _next_after(ts, runnable)
        return self._decide("timeout" if kind == "timeout" else "free", runnable, default, ts)

    def _decide(self, kind, candidates, default, ts):
        self.close_step()
        position = len(self.choices)
        if position == getattr(self.policy, "sleep_from", -1):
            self.asleep = self.policy.sleep
        chosen = self.policy.pick(position, kind, candidates, default, ts)
        choice = Choice(kind, tuple(t.index for t in candidates), default.index, chosen.index,
                        None if ts is None else ts.index, any(not t.is_body for t in candidates))
        choice.sleep = self.asleep
        self.choices.append(choice)
        self.effects.threads.add(chosen.index)
        self.effects.judged(chosen.unseen)  # code we do not look into (see _footprint.py)
        if choice.is_preemption():
            self.preemptions += 1
        return chosen

    # ------------------------------------------------------------ footprints

    def number_primitive(self):
        self.primitives_numbered += 1
        return self.primitives_numbered

    def touch(self, key, only_reads=False):
        """The step in progress used `key` (a primitive, a check's own object)."""
        (self.effects.looks if only_reads else self.effects.uses).add(key)

    def touch_unknown(self):
        """The step in progress did something every other step may depend on."""
        self.effects.everything()

    def close_step(self):
        """The step that began at the last choice ends: keep its footprints (one per
        thread that ran) and wake the sleeping threads they conflict with."""
        if self.choices and not self.choices[-1].parts and self.asleep is not None:
            choice = self.choices[-1]
            choice.parts = (*self.parts, self.effects.frozen())
            self._wake(choice.parts)
        self.effects = StepEffects()
        self.parts = []

    def _wake(self, parts):
        """The sleeping threads whose step conflicts with one of `parts` wake up."""
        for part in parts:
            self.asleep = {thread: asleep for thread, asleep in self.asleep.items()
                           if thread not in part.threads and asleep.independent(part)}

    def _give_turn(self, ts):
        effects = self.effects
        if effects.threads and ts.index not in effects.threads:
            # Another thread goes on without a choice: its own part of the step.
            self.parts.append(effects.frozen())
            self.effects = effects = StepEffects()
        effects.threads.add(ts.index)
        effects.judged(ts.unseen)
        self.current = ts
        ts.consecutive_steps = 0
        ts.gate.release()

    def _hand_over(self, ts, following, where):
        ts.paused_at = where
        self._give_turn(following)
        ts.gate.acquire()
        ts.paused_at = None

    def _stop_and_pause(self, ts, where, outcome, message=None):
        """End the run from a controlled thread and wait to be abandoned. The
        thread counts as paused before the harness can see the outcome."""
        ts.paused_at = where
        self._stop(outcome, message)
        ts.gate.acquire()
        ts.paused_at = None

    def _stop(self, outcome, message=None):
        if self.outcome is None:
            self.outcome, self.message = outcome, message
            self._stopped.release()


class WorkerPool:
    """The OS threads that run controlled threads, reused across the runs of one
    explore() call (starting threads for every schedule would cost more than
    the schedule). Every run gets fresh gates, so nothing leaks between runs.
    Workers are bare `_thread` threads: inside a body, current_thread() is the
    controlled thread's own threading.Thread."""

    def __init__(self):
        self._workers = []
        self._guard = _thread.allocate_lock()

    def dispatch(self, thread_states):
        """Hand each thread state to an idle worker (new ones when all are busy).
        Called by the harness, and by a controlled thread that starts a thread."""
        with self._guard:
            for ts in thread_states:
                idle = next((w for w in self._workers if w.idle), None)
                if idle is None:
                    idle = _Worker()
                    self._workers.append(idle)
                idle.give(ts)

    def shutdown(self, timeout=2.0):
        deadline = _sync.real_monotonic() + timeout
        with self._guard:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.give(None)
        alive = 0
        for worker in workers:
            if not worker.exited.acquire(timeout=max(0.0, deadline - _sync.real_monotonic())):
                alive += 1
        return alive


class _Worker:
    def __init__(self):
        self._wakeup = _thread.allocate_lock()
        self._wakeup.acquire()
        self.exited = _thread.allocate_lock()
        self.exited.acquire()
        self._job = None
        self.idle = True
        _thread.start_new_thread(self._main, ())

    def give(self, ts):
        self.idle = False
        self._job = ts
        self._wakeup.release()

    def _main(self):
        try:
            while self._serve_one():
                pass
        finally:
            self.exited.release()

    def _serve_one(self):
        ts = None
        try:
            self._wakeup.acquire()
            ts, self._job = self._job, None
            if ts is None:
                return False
            ts.run.thread_main(ts)
        except RunAborted:  # an injected abort that fired late, outside the body
            if ts is not None:
                ts.run._thread_finished(ts)
        self.idle = True
        return True


def _without_workers(executor):
    """A pool that outlives the run lost its workers with it: give it the state
    of a pool that has not started any, so the next run starts its own. Work
    still queued belonged to the finished run and is dropped with the queue."""
    executor._threads.clear()
    executor._work_queue = queue.SimpleQueue()
    executor._idle_semaphore = threading.Semaphore(0)


def _next_after(ts, runnable):
    """Round robin: the first runnable thread after `ts`."""
    later = [t for t in runnable if t.index > ts.index]
    return later[0] if later else runnable[0]


def _exception_text(exc):
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _learner_frame_of(ident, watched):
    frame = sys._current_frames().get(ident)
    return learner_frame(frame, watched)


def learner_frame(frame, watched):
    """The innermost frame of a watched file (or outside the scheduler)."""
    fallback = None
    while frame is not None:
        filename = frame.f_code.co_filename
        if watched.watches_file(filename):
            return frame
        if fallback is None and not _sync.is_scheduler_file(filename):
            fallback = frame
        frame = frame.f_back
    return fallback


def _describe_frame(frame):
    if frame is None:
        return "an unknown place"
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno} ({line})"


def _set_async_exception(ident, exception):
    """Raise `exception` in another thread at its next bytecode check."""
    try:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exception))
    except (AttributeError, OSError):
        pass
