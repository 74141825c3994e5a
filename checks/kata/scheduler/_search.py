"""explore() and replay(): which schedules to run, and in what order."""

import _thread
import collections
import inspect
import os
import random
import sys
import types
from contextlib import contextmanager

from .. import host
from . import _sync
from ._points import WatchedCode, interpreter_problem
from ._report import Recorder, Result
from ._run import Run, WorkerPool, _exception_text
from ._tracing import choose_backend

_one_explore_at_a_time = _thread.allocate_lock()


# ---------------------------------------------------------------- policies

class PrefixPolicy:
    """Follow a recorded list of choices, then the default (no preemption).
    `sleep`: the threads asleep at the prefix's last choice (see Search), or None
    when the search keeps no sleep sets."""

    def __init__(self, prefix, sleep=None):
        self.prefix = prefix
        self.diverged = False
        self.sleep = sleep
        self.sleep_from = -1 if sleep is None else max(len(prefix) - 1, 0)

    def pick(self, position, kind, candidates, default, current):
        if position < len(self.prefix):
            wanted = self.prefix[position]
            for candidate in candidates:
                if candidate.index == wanted:
                    return candidate
            self.diverged = True
        return default


class RandomPolicy:
    """Preempt at each switch point with a probability drawn per schedule."""

    def __init__(self, rng):
        self.rng = rng
        self.switch_probability = rng.choice((0.03, 0.1, 0.25, 0.5))

    def pick(self, position, kind, candidates, default, current):
        if kind == "switch":
            if self.rng.random() >= self.switch_probability:
                return default
            others = [c for c in candidates if c is not current]
            return others[self.rng.randrange(len(others))]
        return candidates[self.rng.randrange(len(candidates))]


# ---------------------------------------------------------------- tokens

def schedule_token(choices):
    """'1*4,2*3,1': the thread (1-based) picked at each choice point, run-length
    encoded, up to the last choice that differs from the default."""
    picks = [choice.chosen for choice in choices]
    last = max((i for i, choice in enumerate(choices) if choice.chosen != choice.default), default=0)
    picks = picks[:last + 1]
    parts = []
    for pick in picks:
        if parts and parts[-1][0] == pick:
            parts[-1][1] += 1
        else:
            parts.append([pick, 1])
    return ",".join(f"{pick + 1}*{count}" if count > 1 else f"{pick + 1}" for pick, count in parts)


def parse_token(token):
    picks = []
    for part in filter(None, (p.strip() for p in str(token).split(","))):
        thread, _, count = part.partition("*")
        picks += [int(thread) - 1] * int(count or 1)
    return tuple(picks)


# ---------------------------------------------------------------- session

def unsupported_reason():
    """Why the scheduler cannot run in this interpreter right now, or None."""
    problem = interpreter_problem()
    if problem is not None:
        return problem
    if sys.gettrace() is not None or threading_trace() is not None:
        return "a tracer is already active (a debugger or a coverage tool); run the check without it"
    if _sync.controlled_thread() is not None:
        return "explore() cannot be called from inside a controlled run"
    return None


def threading_trace():
    import threading
    return threading.gettrace() if hasattr(threading, "gettrace") else None


def watched_files(watch):
    files = []
    for item in ([watch] if isinstance(watch, (str, os.PathLike, types.ModuleType)) else watch):
        if isinstance(item, types.ModuleType):
            files.append(item.__file__)
        elif isinstance(item, (str, os.PathLike)):
            files.append(os.fspath(item))
        elif hasattr(item, "__code__"):
            files.append(item.__code__.co_filename)
        elif isinstance(item, type):
            files.append(sys.modules[item.__module__].__file__)
        else:
            raise TypeError(f"watch= takes modules, file paths, functions or classes, not {item!r}")
    if not files:
        raise ValueError("watch= must name the learner's module(s): switch points are placed only there")
    return files


def _real_primitive_problem(watch):
    found = []
    for item in ([watch] if isinstance(watch, types.ModuleType) else watch):
        if isinstance(item, types.ModuleType):
            found += _sync.find_real_primitives(vars(item), item.__name__)
    if found:
        return (f"{', '.join(found)} is a real threading primitive, thread or pool; import the "
                "module inside `with cooperative_threading():` (and create pools inside the "
                "code under test) so the scheduler can control it")
    return None


class Session:
    """Everything one explore()/replay() call sets up and must tear down."""

    def __init__(self, watch, options):
        self.watched = WatchedCode(watched_files(watch), effects=options.get("reduce", False))
        self.options = options
        self.backend = None
        self.pool = WorkerPool()
        self.leaked_workers = 0

    def make_run(self, threads, policy, recorder=False):
        return Run(threads, self.backend, policy, max_steps=self.options["max_steps"],
                   spin_limit=self.options["spin_limit"],
                   recorder=Recorder(self.watched) if recorder else None)


@contextmanager
def session(watch, options):
    """Yields (Session, None) or (None, Result) when the scheduler cannot run."""
    reason = unsupported_reason()
    if reason is None:
        reason = _real_primitive_problem(watch)
    if reason is not None:
        yield None, Result("unsupported", message=reason)
        return
    if not _one_explore_at_a_time.acquire(False):
        yield None, Result("error", message="explore() is already running in this process")
        return
    try:
        current = Session(watch, options)
        current.backend, reason = choose_backend(current.watched)
        if reason is not None:
            yield None, Result("unsupported", message=reason)
            return
        current.backend.start()
        try:
            with host.threads_on_one_cpu(), _sync.cooperative_threading():
                yield current, None
        finally:
            current.leaked_workers = current.pool.shutdown()
            current.backend.stop()
    finally:
        _one_explore_at_a_time.release()


# ---------------------------------------------------------------- judging a run

class Verdict:
    def __init__(self, status, message):
        self.status, self.message = status, message  # fail | deadlock | error | unsupported


def judge(run, invariant, pass_results):
    """A Verdict for a finished run, or None if it passed."""
    if run.covered:
        return None  # stopped early: another schedule covers it
    if run.unsupported:
        return Verdict("unsupported", run.unsupported)
    if run.outcome in ("error", "stall"):
        return Verdict("error", run.message)
    if run.leaked_threads:
        return Verdict("error", f"{run.leaked_threads} thread(s) of the check did not stop")
    if run.outcome == "deadlock":
        return Verdict("deadlock", "the threads deadlocked")
    for ts in run.threads:
        if ts.error is not None:
            return Verdict("fail", f"{ts.name} raised {_exception_text(ts.error)}")
    if invariant is None:
        return None
    _sync.set_judging(True)
    try:
        outcome = invariant(run.state, [ts.result for ts in run.threads if ts.is_body]) if pass_results \
            else invariant(run.state)
    except AssertionError as exc:
        return Verdict("fail", str(exc) or "the check's assertion failed")
    except BaseException as exc:  # noqa: B902 - a broken invariant is an error, not a fail
        return Verdict("error", f"the invariant raised {_exception_text(exc)}")
    finally:
        _sync.set_judging(False)
    if outcome is None or outcome is True:
        return None
    return Verdict("fail", outcome if isinstance(outcome, str) else "the invariant does not hold")


def wants_results(invariant):
    if invariant is None:
        return False
    try:
        parameters = inspect.signature(invariant).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in parameters)


# ---------------------------------------------------------------- the search

class Search:
    def __init__(self, current, setup, threads, invariant, *, max_preemptions, random_schedules,
                 seed, time_budget, max_schedules, stall_timeout, count_every_switch,
                 deeper_levels_within=None, reduce=True, between_schedules=None):
        self.session, self.setup, self.threads, self.invariant = current, setup, threads, invariant
        self.pass_results = wants_results(invariant)
        self.max_preemptions, self.random_budget = max_preemptions, random_schedules
        self.seed, self.time_budget, self.max_schedules = seed, time_budget, max_schedules
        self.stall_timeout = stall_timeout
        self.count_every_switch = count_every_switch
        self.deeper_levels_within = deeper_levels_within
        self.reduce = reduce
        self.between_schedules = between_schedules
        self.tried = {}        # choices so far -> {thread: Footprint of its step from there}
        self.queued = set()    # prefixes queued (races are found again by later runs)
        self.started = _sync.real_monotonic()
        self.explored = []     # tokens, in order
        self.best = None       # (preemptions, steps, index, token, verdict)
        self.stop = None       # Verdict that ends the search (error/unsupported)
        self.first_failure = None  # (schedule number, seconds since the start)
        self.complete_level = -1   # every schedule with up to this many preemptions ran

    def out_of_budget(self):
        return (_sync.real_monotonic() - self.started >= self.time_budget
                or len(self.explored) >= self.max_schedules)

    def run_one(self, policy):
        if self.between_schedules is not None:
            self.between_schedules()
        run = self.session.make_run(self.threads, policy)
        run.execute(self.setup, self.stall_timeout, self.session.pool)
        token = schedule_token(run.choices)
        self.explored.append(token)
        verdict = judge(run, self.invariant, self.pass_results)
        if verdict is not None and verdict.status in ("error", "unsupported"):
            self.stop = verdict
        elif verdict is not None:
            if self.first_failure is None:
                self.first_failure = (len(self.explored), _sync.real_monotonic() - self.started)
            candidate = (run.preemptions, run.steps, len(self.explored), token, verdict)
            if self.best is None or candidate[:3] < self.best[:3]:
                self.best = candidate
        return run, verdict

    def systematic(self):
        """Every schedule with 0 preemptions, then 1, then 2... Returns True when
        the whole bounded space was explored (or a failure ended the search)."""
        levels = [collections.deque() for _ in range(self.max_preemptions + 1)]
        levels[0].append(((), {} if self.reduce else None))
        for level, queue in enumerate(levels):
            while queue:
                if self.out_of_budget() or (level > 1 and not self._level_fits()):
                    return False  # the level so far is a sample; every level below is whole
                prefix, sleep = queue.popleft()
                if sleep is not None and prefix:
                    sleep = self._with_tried_siblings(prefix, sleep)
                run, verdict = self.run_one(PrefixPolicy(prefix, sleep))
                if sleep is not None:
                    self._remember_tried(prefix, run)
                if self.stop is not None:
                    return False
                if verdict is None:
                    self._enqueue_children(prefix, run, levels, level)
            self.complete_level = level
            if self.best is not None:
                return True
        return True

    def _remember_tried(self, prefix, run):
        """Note the footprint of each step this run took after its prefix, by the
        choices that led to it: a later schedule that differs at the same choice
        lets that thread sleep."""
        picks = tuple(choice.chosen for choice in run.choices)
        for position in range(max(len(prefix) - 1, 0), len(run.choices)):
            parts = run.choices[position].parts
            if parts:
                self.tried.setdefault(picks[:position], {})[picks[position]] = parts

    def _with_tried_siblings(self, prefix, sleep):
        """The sleep set of `prefix` plus the threads already tried at its last choice."""
        tried = self.tried.get(prefix[:-1])
        if not tried:
            return sleep
        sleep = dict(sleep)
        for thread, parts in tried.items():
            # A step that touches nothing would sleep for good; what covers it may
            # need a preemption the bound does not allow.
            if thread != prefix[-1] and not parts[0].inert:
                sleep.setdefault(thread, parts[0])
        return sleep

    def _level_fits(self):
        """deeper_levels_within: the schedules of levels above 1 run only while
        fewer than that many have run in all. A level cut short is a sample (the
        result is then "inconclusive" with complete_level 1), not a proof."""
        return self.deeper_levels_within is None or len(self.explored) < self.deeper_levels_within

    def _enqueue_children(self, prefix, run, levels, level):
        """Queue the schedules that leave this run at one choice, by their
        preemptions: without reduction, every other thread at every choice after
        the prefix; with it (`reduce`), only where two steps conflict."""
        if self.reduce:
            self._enqueue_races(prefix, run, levels, level)
            return
        preemptions = 0
        picks = []
        for position, choice in enumerate(run.choices):
            if position >= len(prefix):
                for candidate in choice.candidates:
                    if candidate == choice.chosen:
                        continue
                    total = preemptions + self._cost(choice, candidate)
                    if total <= self.max_preemptions and (self.best is None or total == level):
                        levels[total].append((tuple(picks) + (candidate,), None))
            picks.append(choice.chosen)
            preemptions += self._cost(choice, choice.chosen)

    def _enqueue_races(self, prefix, run, levels, level):
        """Partial-order reduction: dynamic (Flanagan and Godefroid's DPOR) with
        sleep sets (Godefroid), bounded by preemptions as the rest of the search.
        Two steps of different threads that conflict (see _footprint.py) are a
        race: a schedule where the later one's thread runs at the earlier one's
        choice is queued (any thread there, when that one could not run yet).
        Steps that do not conflict are never swapped. A thread whose step from a
        choice was tried sleeps until a conflicting step runs and is not tried
        again meanwhile; a run that would run a sleeping thread stops there (the
        rest is covered by another schedule). Races are looked for along the whole
        run, the replayed prefix included (its footprints come from the runs that
        first took those steps)."""
        choices = run.choices
        picks = tuple(choice.chosen for choice in choices)
        parts = [choice.parts or self.tried.get(picks[:position], {}).get(choice.chosen, ())
                 for position, choice in enumerate(choices)]
        wanted = _racing_threads(choices, parts)
        preemptions = 0
        for position, choice in enumerate(choices):
            if preemptions > self.max_preemptions:
                break  # every schedule that leaves the run from here costs too much
            if not wanted[position]:
                preemptions += self._cost(choice, choice.chosen)
                continue
            asleep = choice.sleep or {}
            for candidate in sorted(wanted[position]):
                if candidate == choice.chosen or candidate in asleep:
                    continue
                total = preemptions + self._cost(choice, candidate)
                child = picks[:position] + (candidate,)
                if (total > self.max_preemptions or (self.best is not None and total > level)
                        or child in self.queued):
                    continue
                self.queued.add(child)
                sleep = dict(asleep)
                if parts[position] and not parts[position][0].inert:
                    sleep[choice.chosen] = parts[position][0]
                levels[max(total, level)].append((child, sleep))
            preemptions += self._cost(choice, choice.chosen)

    def _cost(self, choice, candidate):
        """What picking `candidate` costs of the max_preemptions budget: a
        preemption, and any pick other than the default at a hand-over where a
        thread the code under test started could run (with count_every_switch:
        at every hand-over). Free hand-overs among those threads would multiply
        the schedules past any budget: an actor's owner thread wakes at every
        request, a pool's workers at every task."""
        if self.count_every_switch or choice.among_started:
            return int(candidate != choice.default)
        return int(choice.is_preemption(candidate))

    def randomly(self):
        count = 0
        for index in range(self.random_budget):
            if self.out_of_budget() or self.best is not None or self.stop is not None:
                break
            self.run_one(RandomPolicy(random.Random(self.seed * 1_000_003 + index)))
            count += 1
        return count


def _racing_threads(choices, parts):
    """For each choice: the threads to try there, because a later step of theirs
    conflicts with a step taken from there (every thread of the choice when the
    racing one could not run yet). `parts`: per choice, the footprint of each
    thread that ran until the next choice (see Choice.parts); a choice whose
    footprints are unknown races with everything after it.

    Every earlier conflicting step counts, not only the last one as in
    Flanagan and Godefroid's DPOR: with the preemption bound, the reversal of
    the last race may need more forced switches than the budget allows where an
    earlier one does not (Coons, Musuvathi and McKinley, 2013)."""
    wanted = [set() for _ in parts]

    def want(position, thread):
        candidates = choices[position].candidates
        wanted[position] |= {thread} if thread in candidates else set(candidates)

    # Where the thread chosen at each choice began running without a switch: a race
    # is also reversed there, which costs no preemption where the bound may not
    # allow the one at the race itself (Coons et al.'s bounded partial-order reduction).
    run_began = []
    for position, choice in enumerate(choices):
        same = position and choices[position - 1].chosen == choice.chosen
        run_began.append(run_began[-1] if same else position)

    earlier_steps = _StepIndex()  # the steps that touch anything
    # Per thread, the earlier steps it was found racing with (or ran itself): a
    # thread's later steps often race with the same one (through a lock, say).
    seen = collections.defaultdict(set)
    for position, step in enumerate(parts):
        for later in step:
            if later.inert:
                continue
            (thread,) = later.threads
            racing = earlier_steps.conflicting(later) - seen[thread]
            seen[thread] |= racing
            for index in racing:
                earlier_position, other = earlier_steps.steps[index]
                want(earlier_position, thread)
                began = run_began[earlier_position]
                if (began != earlier_position and choices[earlier_position].chosen == other
                        and thread in choices[began].candidates):
                    wanted[began].add(thread)
            seen[thread].add(earlier_steps.add(position, thread, later))
    threads_after = set()
    for position in range(len(parts) - 1, -1, -1):
        if not parts[position]:
            for thread in threads_after:
                want(position, thread)
        for part in parts[position]:
            threads_after |= part.threads
    return wanted


class _StepIndex:
    """The steps of a run so far, filed by what they touch, so that the earlier
    steps a step conflicts with are looked up rather than tested pair by pair
    (Footprint.independent for every pair was a tenth of a schedule's time). It
    finds exactly the steps independent() says conflict."""

    def __init__(self):
        self.steps = []  # (position, thread), by index
        self.by_use, self.by_look = collections.defaultdict(set), collections.defaultdict(set)
        self.by_read, self.by_write = collections.defaultdict(set), collections.defaultdict(set)
        self.touching_data, self.writing_data = set(), set()
        self.reading_any, self.writing_any = set(), set()

    def add(self, position, thread, step):
        """Files `step`; returns its index."""
        index = len(self.steps)
        self.steps.append((position, thread))
        for key in step.uses:
            self.by_use[key].add(index)
        for key in step.looks:
            self.by_look[key].add(index)
        for key in step.reads:
            self.by_read[key].add(index)
        for key in step.writes:
            self.by_write[key].add(index)
        if step.touches_data:
            self.touching_data.add(index)
            if step.writes_data:
                self.writing_data.add(index)
            if step.reads_any:
                self.reading_any.add(index)
            if step.writes_any:
                self.writing_any.add(index)
        return index

    def conflicting(self, step):
        """The indexes of the earlier steps `step` conflicts with (see self.steps)."""
        found = set()
        for key in step.uses:
            found |= self.by_use.get(key, _NONE) | self.by_look.get(key, _NONE)
        for key in step.looks:
            found |= self.by_use.get(key, _NONE)
        for key in step.writes:
            found |= self.by_read.get(key, _NONE) | self.by_write.get(key, _NONE)
        for key in step.reads:
            found |= self.by_write.get(key, _NONE)
        if step.touches_data:
            found |= self.writing_any
        if step.writes_any:
            found |= self.touching_data
        if step.writes_data:
            found |= self.reading_any
        if step.reads_any:
            found |= self.writing_data
        return found


_NONE = frozenset()


def explore(setup, threads, invariant=None, watch=(), *, max_preemptions=2, random_schedules=300,
            seed=0, time_budget=1.5, max_schedules=5000, max_steps=20000, stall_timeout=2.0,
            spin_limit=1000, count_every_switch=False, deeper_levels_within=None, reduce=True,
            between_schedules=None):
    """Search the interleavings of `threads` (see the package docstring)."""
    started = _sync.real_monotonic()
    _check_threads(threads)
    options = {"max_steps": max_steps, "spin_limit": spin_limit, "stall_timeout": stall_timeout,
               "reduce": reduce}
    with session(watch, options) as (current, refusal):
        if refusal is not None:
            refusal.elapsed = _sync.real_monotonic() - started
            return refusal
        search = Search(current, setup, threads, invariant, max_preemptions=max_preemptions,
                        random_schedules=random_schedules, seed=seed, time_budget=time_budget,
                        max_schedules=max_schedules, stall_timeout=stall_timeout,
                        count_every_switch=count_every_switch,
                        deeper_levels_within=deeper_levels_within, reduce=reduce,
                        between_schedules=between_schedules)
        complete = search.systematic()
        random_count = search.randomly() if complete and search.best is None and search.stop is None else 0
        result = _conclude(search, current, complete, random_count)
    _report_leaks(result, current)
    result.elapsed = _sync.real_monotonic() - started
    result.seed, result.max_preemptions = seed, max_preemptions
    result.systematic_complete, result.random_schedules = complete, random_count
    result.complete_level = search.complete_level
    result.explored = list(search.explored)
    result.schedules = len(search.explored)
    result.first_failure = search.first_failure
    return result


def _conclude(search, current, complete, random_count):
    if search.stop is not None:
        return Result(search.stop.status, message=search.stop.message,
                      replay_token=search.explored[-1] if search.explored else None)
    if search.best is None:
        return Result("pass" if complete else "inconclusive")
    preemptions, _steps, _index, token, verdict = search.best
    result = _record(current, search.setup, search.threads, search.invariant, token)
    if result.status != verdict.status:
        result.notes.append("Note: replaying this schedule behaved differently; the code may "
                            "depend on timing or randomness.")
        result.status, result.message = verdict.status, verdict.message
    result.preemptions = preemptions
    return result


def _record(current, setup, threads, invariant, token):
    """Run one schedule again with the trace recorder on."""
    run = current.make_run(threads, PrefixPolicy(parse_token(token)), recorder=True)
    run.execute(setup, current.options["stall_timeout"], current.pool)
    verdict = judge(run, invariant, wants_results(invariant))
    result = Result("pass" if verdict is None else verdict.status,
                    message="" if verdict is None else verdict.message,
                    trace=run.recorder.trace, stuck=run.stuck, replay_token=token,
                    entered=[ts.entered for ts in run.threads if ts.is_body],
                    legend=[ts.label for ts in run.threads if not ts.is_body])
    if run.policy.diverged:
        result.notes.append("Note: the schedule did not fit this run exactly; the code may "
                            "depend on timing or randomness.")
    return result


def replay(token, setup, threads, invariant=None, watch=(), *, max_steps=20000, stall_timeout=2.0,
           spin_limit=1000):
    """Run the one schedule `token` (a Result.replay_token) and record its trace."""
    started = _sync.real_monotonic()
    _check_threads(threads)
    options = {"max_steps": max_steps, "spin_limit": spin_limit, "stall_timeout": stall_timeout}
    with session(watch, options) as (current, refusal):
        if refusal is not None:
            return refusal
        result = _record(current, setup, threads, invariant, token)
    _report_leaks(result, current)
    result.schedules = 1
    result.explored = [token]
    result.elapsed = _sync.real_monotonic() - started
    return result


def _report_leaks(result, current):
    if current.leaked_workers:
        result.notes.append(f"Note: {current.leaked_workers} thread(s) of the check could not be "
                            "stopped; they keep running learner code in the background.")
        if result.status == "pass":
            result.status = "error"


def _check_threads(threads):
    if not 1 <= len(threads) <= 4 or not all(callable(body) for body in threads):
        raise ValueError("threads= takes 1 to 4 callables (2 or 3 keep the search fast)")
