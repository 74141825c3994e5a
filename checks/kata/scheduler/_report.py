"""The result of explore()/replay() and the learner-facing explanation."""

import linecache
import os
import re
import sys
from dataclasses import dataclass, field
from typing import List, Optional

from . import _points
from ._run import learner_frame

STATUSES = ("pass", "fail", "deadlock", "inconclusive", "unsupported", "error")
_NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four"}


@dataclass
class TraceStep:
    """One line of an interleaving, in the learner's source terms."""

    step: int
    thread: str          # "T1"
    location: str        # "counter.py:12"
    source: str          # "self.value += 1"
    action: str          # "reads value = 0"
    identity: object = field(default=None, repr=False, compare=False)  # what was accessed
    kind: str = ""       # read | write | delete | lock | raise | ""

    def __str__(self):
        return f"step {self.step}  {self.thread}  {self.location}  {_clip(self.source)}  {self.action}"


@dataclass
class Result:
    """What explore() or replay() found. See the package docstring for statuses."""

    status: str
    schedules: int = 0
    elapsed: float = 0.0
    message: str = ""
    trace: List[TraceStep] = field(default_factory=list)
    stuck: List[List[str]] = field(default_factory=list)
    replay_token: Optional[str] = None
    preemptions: Optional[int] = None
    seed: int = 0
    max_preemptions: int = 0
    systematic_complete: bool = False
    complete_level: int = -1  # every schedule with up to this many forced switches ran
    random_schedules: int = 0
    explored: List[str] = field(default_factory=list)
    entered: List[Optional[str]] = field(default_factory=list)
    legend: List[str] = field(default_factory=list)  # threads the code under test started
    notes: List[str] = field(default_factory=list)
    first_failure: Optional[tuple] = None  # (schedule number, seconds) of the first failure seen

    @property
    def passed(self):
        return self.status == "pass"

    def explain(self):
        """Plain-language, multi-line text for a learner's grade report."""
        writer = {"fail": _explain_failure, "deadlock": _explain_deadlock}.get(self.status)
        if writer is not None:
            return writer(self)
        if self.status == "pass":
            text = (f"No problem found: all {self.schedules - self.random_schedules} schedules with "
                    f"up to {self.max_preemptions} forced thread switches were tried")
            if self.random_schedules:
                text += f", plus {self.random_schedules} random ones"
            return text + "."
        if self.status == "inconclusive":
            return (f"No conclusion: the budget ran out after {self.schedules} schedules, before every "
                    f"schedule with up to {self.max_preemptions} forced thread switches was tried. "
                    "No problem was seen in the ones that ran.")
        if self.status == "unsupported":
            return f"The scheduler could not check this code: {self.message}."
        return f"The check could not run the code: {self.message}"


# ---------------------------------------------------------------- explanations

def _threads_sentence(result):
    names = result.entered
    count = len(names)
    if count == 1:
        return f"One thread called {names[0]}()" if names[0] else "One thread ran"
    if names and all(name == names[0] for name in names) and names[0]:
        return f"{_NUMBER_WORDS.get(count, count)} threads called {names[0]}() at the same time"
    parts = [f"T{index + 1} called {name}()" if name else f"T{index + 1} ran"
             for index, name in enumerate(names)]
    return ", ".join(parts[:-1]) + " and " + parts[-1] + " at the same time"


def _rows(result):
    trace = result.trace
    if not trace:
        return []
    sources = [_clip(step.source) for step in trace]
    where = max(len(step.location) for step in trace)
    what = max(len(source) for source in sources)
    steps = len(str(len(trace)))
    return [f"  step {step.step:<{steps}}  {step.thread:<3} {step.location:<{where}}  "
            f"{source:<{what}}  {step.action}" for step, source in zip(trace, sources)]


def _legend(result):
    if not result.legend:
        return []
    return ["Threads your code started:"] + [f"  {label}" for label in result.legend]


def _clip(source, width=36):
    return source if len(source) <= width else source[:width - 3] + "..."


def _replay_lines(result):
    lines = []
    if result.preemptions is not None:
        switches = "switch" if result.preemptions == 1 else "switches"
        tries = "in the first schedule tried" if result.schedules == 1 else \
            f"after {result.schedules} schedules"
        needs = "no forced thread switch" if result.preemptions == 0 else \
            f"{result.preemptions} forced thread {switches}"
        lines.append(f"Found {tries}; it needs {needs}.")
    lines.append(f'Replay: schedule "{result.replay_token}"')
    return lines + result.notes


def _sentence(text):
    text = text.strip()
    if not text:
        return text
    first_word = text.split()[0]
    if not any(mark in first_word for mark in "_(."):  # never capitalize code: order_totals()
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _explain_failure(result):
    raised = any(step.kind == "raise" for step in result.trace)
    ending = "and one of them raised an exception" if raised else "and with this interleaving the result is wrong"
    lines = [f"{_threads_sentence(result)}, {ending}:"]
    lines += _rows(result)
    lines += _legend(result)
    stale = stale_write(result.trace)
    if stale:
        lines.append(stale)
    separate = separate_locks(result.trace)
    if separate:
        lines.append(separate)
    lines.append(_sentence(result.message))
    return "\n".join(lines + _replay_lines(result))


def _explain_deadlock(result):
    lines = [f"{_threads_sentence(result)} and got stuck: no thread can continue (a deadlock)."]
    if result.trace:
        lines.append("How they got there:")
        lines += _rows(result)
    lines += _legend(result)
    lines.append("Where each thread is stuck:")
    for parts in result.stuck:
        lines.append("  " + parts[0])
        lines += ["      " + part for part in parts[1:]]
    for parts in result.stuck:
        waits = [p for p in parts if p.startswith("waits for ")]
        held = [p for p in parts if p.startswith("holds ")]
        if waits and held and _waits_for_own_lock(waits[0], held[0]):
            thread = parts[0].split()[0]
            lines.append(f"{thread} waits for a lock it already holds: a threading.Lock cannot be "
                         "acquired twice by the same thread (use an RLock, or do not take it again).")
    cycle = _waiting_for_each_other(result.stuck)
    if cycle:
        first, second = cycle
        lines.append(f"{first} and {second} wait for each other: each holds a lock the other one "
                     "waits for, because they took the same locks in opposite orders. Take locks "
                     "in one fixed order everywhere (or use a single lock).")
    return "\n".join(lines + _replay_lines(result))


def _waiting_for_each_other(stuck):
    """(A, B) when A waits for a lock held by B and B for a lock held by A."""
    held_by = {}
    for parts in stuck:
        thread = parts[0].split()[0]
        waits = [p for p in parts if p.startswith("waits for ") and "(held by " in p]
        if waits:
            held_by[thread] = waits[0].rsplit("(held by ", 1)[1].rstrip(")")
    for thread, holder in held_by.items():
        if holder != thread and held_by.get(holder) == thread:
            return tuple(sorted((thread, holder)))
    return None


def _waits_for_own_lock(waits, holds):
    target = waits[len("waits for "):].split(" (held by")[0]
    return target in holds[len("holds "):].split(", ")


def stale_write(trace):
    """Explain a lost update (T1 reads x, T2 writes x, T1 writes x) or a stale
    check (T1 reads x, T2 writes x, T1 reads x again and writes it)."""
    for index, read in enumerate(trace):
        if read.kind != "read" or read.identity is None:
            continue
        change = _first_change_by_other(trace, index, read)
        if change is None:
            continue
        own = [step for step in trace[change.step:] if step.identity == read.identity
               and step.thread == read.thread]
        writes = [step for step in own if step.kind == "write"]
        if not writes:
            continue
        name = read.action.split()[1]
        if own[0].kind == "write":
            return (f"{read.thread} read {name} at step {read.step}, {change.thread} changed it at "
                    f"step {change.step}, then {read.thread} wrote {name} at step {writes[0].step} "
                    f"from the old value: {change.thread}'s update was lost.")
        return (f"{read.thread} checked {name} at step {read.step}, {change.thread} changed it at "
                f"step {change.step}, and {read.thread} still acted on its old check at step "
                f"{writes[0].step}: the check and the change must happen under one lock.")
    return None


_MADE_LOCK = re.compile(r"acquires .*?(\w+ #(\d+)), made by (T\d+) at (\S+?)\)?$")


def separate_locks(trace):
    """Explain two threads that each took their own lock, made at the same line."""
    first_by_place = {}
    for step in trace:
        match = _MADE_LOCK.match(step.action)
        if not match:
            continue
        name, _number, maker, place = match.groups()
        earlier = first_by_place.setdefault(place, (name, maker))
        if earlier[0] != name and earlier[1] != maker:
            return (f"{earlier[1]} and {maker} each took a lock of their own ({earlier[0]} and {name}, "
                    f"both made at {place}): a lock made during the call protects nothing, since "
                    "no other thread ever waits for it. Every thread must use the same lock, made "
                    "once (for example in __init__).")
    return None


def _first_change_by_other(trace, index, read):
    for step in trace[index + 1:]:
        if step.identity != read.identity:
            continue
        if step.thread == read.thread:
            return None
        if step.kind == "write":
            return step
    return None


# ---------------------------------------------------------------- recording

class Recorder:
    """Builds the trace of one replayed run (record mode only: it costs time)."""

    def __init__(self, watched):
        self.watched = watched
        self.trace = []

    def _add(self, ts, location, source, action, kind="", identity=None):
        step = TraceStep(len(self.trace) + 1, ts.name, location, source, action, identity, kind)
        self.trace.append(step)
        return step

    def step(self, ts, point, frame):
        if ts.entered is None:
            ts.entered = point.code_name
        if point.action == "call" or frame is None:
            return
        access = _points.describe_access(point, frame)
        label = access.label if access else (point.name or "an item")
        identity = access.identity if access else None
        if point.action == "read":
            value = access.current_value() if access else _points.MISSING
            if value is not _points.MISSING and _points.is_noise(value):
                return
            shown = "" if value is _points.MISSING else f" = {_points.safe_repr(value)}"
            self._add(ts, point.location(), point.source(), f"reads {label}{shown}", "read", identity)
            return
        verb = "writes" if point.action == "write" else "deletes"
        step = self._add(ts, point.location(), point.source(), f"{verb} {label}", point.action, identity)
        ts.pending = (step, access)

    def settle(self, ts):
        """Fill in the value a write stored, now that the instruction has run."""
        if ts.pending is None:
            return
        step, access = ts.pending
        ts.pending = None
        if step.kind != "write" or access is None:
            return
        value = access.current_value()
        if value is _points.MISSING:
            return
        if _points.is_noise(value):
            self.trace.remove(step)
            for number, remaining in enumerate(self.trace, 1):
                remaining.step = number
            return
        step.action += f" = {_points.safe_repr(value)}"

    def note(self, ts, action, only_in_watched_code=False):
        frame = learner_frame(sys._getframe(), self.watched)
        if only_in_watched_code and (frame is None or not self.watched.watches_file(frame.f_code.co_filename)):
            return
        location, source = _frame_place(frame, ts)
        self._add(ts, location, source, action, "lock")

    def raised(self, ts, exc):
        frame = None
        traceback = exc.__traceback__
        while traceback is not None:
            if self.watched.watches_file(traceback.tb_frame.f_code.co_filename):
                frame = traceback.tb_frame
                line = traceback.tb_lineno
            traceback = traceback.tb_next
        if frame is not None:
            location = f"{os.path.basename(frame.f_code.co_filename)}:{line}"
            source = linecache.getline(frame.f_code.co_filename, line).strip()
        else:
            location, source = _frame_place(None, ts)
        text = str(exc)
        self._add(ts, location, source, f"raises {type(exc).__name__}" + (f": {text}" if text else ""), "raise")


def _frame_place(frame, ts):
    """Where a note happens: the innermost frame of the watched code; when the
    thread is not in watched code at all (a pool worker waiting for work), the
    library line it is at."""
    if frame is not None:
        filename, line = frame.f_code.co_filename, frame.f_lineno
        return (f"{os.path.basename(filename)}:{line}",
                linecache.getline(filename, line).strip())
    if ts.point is not None:
        return ts.point.location(), ts.point.source()
    return "-", ""
