"""Hold every call of a work function until the check lets it finish, one at a time,
each time the learner's code has come to rest.

Many checks need to know what the learner's code does while some of its tasks are
still running: how many it runs at once, whether it starts the next one as soon as
one finishes, whether it returns before they are done, in which order it reports
results that finish in another order. `HeldCalls` makes every call of the fake work
function (a fetch, a resize, a send, a write) wait until the check releases it, and
`drive` runs the learner's function in a thread under `Quiescence` (kata/quiescence.py):

    each time the run has come to rest (every thread it started is blocked), `on_rest`
    looks at what is running; then one held call, chosen with a seeded random.Random,
    is let go, and the run goes on until it rests again or the function returns.

Nothing is timed: "at rest" is known from the threads' states, so a correct solution
is never waited for, and wrong code is caught the moment it stops. A thread inside
time.sleep counts as waiting, so a polling solution is judged like a blocking one;
`Rest.sleeping` says how many threads were inside time.sleep at that rest, for a check
whose lesson rules polling out.
The guard only ends code that never blocks at all (a busy loop, endless work).

The first call let go is the one that started last (while at least two run), so the
calls never finish in the order they started: results gathered in finishing order
come out in the wrong order, every run.

`drive(..., outlast_sleeps=True)`: held calls also outlast every wait of the learner's
code that ends by itself (time.sleep, a wait with a timeout: see
Quiescence.sleepers). At rest, nothing is let go while a thread is in such a wait,
until that thread has woken and started another one: code that sleeps "long enough
for the work to finish", or gives up after a timeout, wakes with the calls still
held, every run; a poller (sleep, look, sleep again) gets one call let go per look.
"""

import random
import threading
import time
from dataclasses import dataclass, field

from kata.quiescence import CallInThread, Quiescence
from kata.teach import explain

GUARD = 2.0  # seconds without coming to rest; only code that never blocks gets there
# (a correct solution rests within milliseconds of each call let go)


@dataclass
class Rest:
    """What was running when the run came to rest."""

    running: list  # items whose calls were running (held), in the order they started
    started: int  # calls started so far
    finished: int  # calls finished so far
    sleeping: int = 0  # threads of the run inside time.sleep at this rest (a poller)


class HeldCalls:
    """`with held.call(item):` inside the fake work function: the call counts as running,
    and waits at the start of the block until the check lets it go."""

    def __init__(self):
        self.started = []  # items, in the order their calls started
        self.finish_order = []  # items, in the order their calls finished
        self.peak = 0
        self._running = []  # [token, item, released] of the calls running now
        self._all_free = False
        self._cond = threading.Condition()

    def call(self, item):
        return _HeldCall(self, item)

    def _enter(self, item):
        entry = [object(), item, False]
        with self._cond:
            self.started.append(item)
            self._running.append(entry)
            self.peak = max(self.peak, len(self._running))
            self._cond.wait_for(lambda: entry[2] or self._all_free)
        return entry

    def _exit(self, entry):
        with self._cond:
            self._running.remove(entry)
            self.finish_order.append(entry[1])

    def running(self):
        with self._cond:
            return [entry[1] for entry in self._running]

    def held(self):
        with self._cond:
            return [entry for entry in self._running if not entry[2] and not self._all_free]

    def release(self, entry):
        with self._cond:
            entry[2] = True
            self._cond.notify_all()

    def release_all(self):
        with self._cond:
            self._all_free = True
            self._cond.notify_all()


class _HeldCall:
    def __init__(self, held, item):
        self.held, self.item, self.entry = held, item, None

    def __enter__(self):
        self.entry = self.held._enter(self.item)

    def __exit__(self, *exc_info):
        self.held._exit(self.entry)


@dataclass
class Drive:
    """What happened during one driven call."""

    call: CallInThread
    rests: list = field(default_factory=list)  # Rest, each time the run came to rest
    returned: bool = False  # the function returned (or raised) on its own
    running_at_return: list = field(default_factory=list)  # calls still running when it did
    finished_at_return: int = 0  # calls finished when it returned
    stuck: bool = False  # at rest with nothing held: it waits for something that never comes
    busy: bool = False  # never came to rest within the guard
    leftover: list = field(default_factory=list)  # threads it started, alive when it returned
    outlasted: int = 0  # sleeps and timed waits held calls outlasted (outlast_sleeps)

    @property
    def raised(self):
        return self.call.raised


def drive(held, fn, *args, seed=1, on_rest=None, guard=GUARD, outlast_sleeps=False, **kwargs):
    """Call fn(*args, **kwargs) in a thread, releasing held calls one at a time each
    time the run rests (see the module docstring). `on_rest(rest)` may fail the check
    (the held calls are let go first, so nothing is left hanging). `outlast_sleeps`:
    let nothing go during a sleep or timed wait the learner's code has not yet woken
    from once since the last call was let go (see the module docstring)."""
    choose = random.Random(seed)
    before = set(threading.enumerate())
    drove = None

    def at_return():
        drove.running_at_return = held.running()
        drove.finished_at_return = len(held.finish_order)
        drove.leftover = [thread for thread in threading.enumerate()
                          if thread not in before and thread.is_alive()
                          and thread is not threading.current_thread()]

    with Quiescence(sleeping_is_waiting=True) as quiet:
        drove = Drive(CallInThread(fn, *args, after=at_return, **kwargs))
        try:
            _drive_until_return(held, quiet, drove, choose, on_rest, guard, outlast_sleeps)
        finally:
            held.release_all()
            drove.returned = drove.returned or drove.call.join(0 if drove.stuck else guard)
    return drove


def _drive_until_return(held, quiet, drove, choose, on_rest, guard, outlast_sleeps=False):
    first = True
    waited_out = {}  # thread ident -> the sleep or timed wait it was in at a rest
    deadline = time.monotonic() + guard
    while not drove.call.finished.is_set():
        if not quiet.settled():
            if time.monotonic() > deadline:
                drove.busy = True
                return
            time.sleep(0.0005)
            continue
        if drove.call.finished.is_set():
            # It returned after the loop looked: its thread, and the pool's, may have
            # ended before settled() looked, and no thread left is "at rest" vacuously.
            continue
        waiting = held.held()
        if not waiting:
            if quiet.anyone_sleeping():  # a poller between two looks: it wakes by itself
                time.sleep(0.0005)
                continue
            drove.stuck = True
            return
        if outlast_sleeps and not _slept_since_release(quiet, waited_out, drove):
            time.sleep(0.0005)  # a wait that ends by itself: let it end first
            continue
        rest = Rest(held.running(), len(held.started), len(held.finish_order),
                    sleeping=len(quiet.asleep_at_rest))
        drove.rests.append(rest)
        if on_rest is not None:
            on_rest(rest)
        # The first one let go started last: finishing order never equals start order.
        entry = waiting[-1] if first and len(waiting) > 1 else choose.choice(waiting)
        first = False
        held.release(entry)
        waited_out.clear()
        deadline = time.monotonic() + guard
    drove.returned = True


def _slept_since_release(quiet, waited_out, drove):
    """May a held call be let go now? Only if every thread in a sleep or timed wait
    has, since the last call was let go, woken from one such wait and begun another
    (it looked, and chose to wait again). Otherwise note the waits to outlast."""
    ready = True
    for ident, wait in quiet.sleepers().items():
        if ident not in waited_out:
            waited_out[ident] = wait
            drove.outlasted += 1
        if waited_out[ident] == wait:
            ready = False
    return ready


def outlasted_note(drove, calls, waiting_for):
    """A sentence for a call that returned with `calls` still running, when a sleep or
    a timed wait of the learner's code ended while they were held (else "")."""
    if not drove.outlasted:
        return ""
    return (f" Before it returned, your code slept or waited with a timeout, and that wait "
            f"ended while the {calls} were still running: a sleep or a timeout is a guess "
            f"at how long the work takes, and {waiting_for} can always take longer. Wait "
            "for the work itself (pool.map, future.result() or wait() without a timeout, "
            "a with block that shuts the pool down).")


def require_came_to_an_end(drove, call, function, calls, expected):
    """Explain a driven call that never blocked (busy) or stopped for good (deadlock).
    `call` describes the scenario, `function` is the learner's function name, `calls`
    the work in plural ("fetches"), `expected` how it should wait."""
    held = len(drove.rests)
    if drove.busy:
        explain(
            f"{call}: your code kept running for {GUARD:g} s without ever waiting, while "
            f"the check held the {calls} (a loop that checks again and again, without "
            "blocking or sleeping, burns a CPU core).",
            expected=expected,
            got=f"still busy after {held} of the {calls} had been let go",
        )
    if drove.stuck or not drove.returned:
        explain(
            f"{call}: your code stopped: every thread it started was blocked, none of the "
            f"{calls} was running, and {function} did not return: a deadlock.",
            expected=f"{function} returns once every one of the {calls} has finished",
            got=f"stuck after {held} of the {calls} had been let go",
        )
