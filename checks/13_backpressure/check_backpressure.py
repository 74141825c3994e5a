"""Checks for lesson 13: read a long input only as fast as the pool gets through it.

No timing is measured. The log is a generator that counts the lines read and the
writes finished, so "lines in flight" (read, but not yet stored) is known exactly at
every read. Every write is held until the check lets it finish (kata/held_calls.py):
each time the loader has come to rest (every thread blocked), the check looks at the
lines in flight and the writes running, then lets one write finish, chosen at random
(seeded by the repetition). So, in every run:

* a loader that reads line max_in_flight + 1 while max_in_flight lines are in flight
  is seen doing it, at that read: the README allows no more than max_in_flight. That
  is also the loop that reads the next line before it waits for a free slot (`for line
  in lines: slots.acquire(); ...`, or a wait only once more than max_in_flight are
  in flight). The log goes on for one such line, and ends when the loader reads yet
  another one (without backpressure it would read on forever), so the check stays
  fast and the message can tell the two apart;
* a loader that waits too early (fewer writes running than it may, or fewer lines in
  flight than max_in_flight, e.g. a whole group awaited before the next is read) is
  seen resting that way;
* a loader that waits for a free slot by polling (time.sleep, then count again) is
  seen asleep at rest (held_calls.Rest.sleeping), every run: at rest with the window
  full, a poller can only be in its sleep. That is told after the run, once reading
  too far has been (a sleep that throttles an unbounded reader is not the point).

Each log has one empty line ("") somewhere before its end: it is a line like any
other, and a loader that takes a falsy line for the end of the log stops there.
Pool sizes and windows are drawn from the repetition number, and load_log is called
twice in a row with different ones (a semaphore kept from the first call must not
serve the second).
"""

import random
import threading
from collections import Counter

from kata import plugin
from kata.held_calls import HeldCalls, drive, require_came_to_an_end
from kata.teach import explain


def line_text(number, empty_at=None):
    if number == empty_at:
        return ""  # a blank line of the log: a line like any other
    return (f'198.51.100.{number % 250} - - [14/Mar/2025:09:{number // 60 % 60:02d}:{number % 60:02d} '
            f'+0000] "GET /catalog/item/{number} HTTP/1.1" 200 {2000 + number % 900}')


class AccessLog:
    """A log read lazily, and a database whose writes are held until the check lets them go."""

    def __init__(self, max_in_flight, length, first=1, empty_at=None):
        self.allowed = max_in_flight
        self.length = length
        self.first = first
        self.empty_at = empty_at  # the number of the log's empty line, if any
        self.read = 0
        self.finished = 0
        self.overrun = None  # (line number, lines in flight before it): the first line too many
        self.cut = False  # the log was ended early: the loader read on past one line too many
        self.slept = None  # (lines in flight, threads asleep, writes finished) at the first rest in time.sleep
        self.writes = Counter()
        self.held = HeldCalls()
        self._lock = threading.Lock()

    def lines(self):
        while True:
            with self._lock:
                if self.read >= self.length:
                    return
                in_flight = self.read - self.finished
                if in_flight > self.allowed:
                    self.cut = True
                    return  # a second line too many: end the log, no need to watch it pile up
                if in_flight == self.allowed and self.overrun is None:
                    self.overrun = (self.read + 1, in_flight)
                self.read += 1
                number = self.first + self.read - 1
            yield self.text(number)

    def text(self, number):
        return line_text(number, self.empty_at)

    def store(self, line):
        with self.held.call(line):
            pass
        with self._lock:
            self.writes[line] += 1
            self.finished += 1

    def ended(self):
        with self._lock:
            return self.read >= self.length or self.overrun is not None

    def expected_lines(self):
        return Counter(self.text(self.first + number) for number in range(self.read))


def scenario(workers, window, log):
    empty = f", line {log.empty_at} empty" if log.empty_at is not None else ""
    return f"load_log({log.length}-line log{empty}, max_workers={workers}, max_in_flight={window})"


def kept_busy(log, workers, window):
    """on_rest for drive(): while the log has lines left, a loader at rest has its
    window full and as many writes running as the pool and the window allow."""
    call = scenario(workers, window, log)

    def on_rest(rest):
        if rest.sleeping:
            # Judged after the run: a loader that also reads too far is told that first.
            if log.slept is None:
                log.slept = (log.read - log.finished, rest.sleeping, rest.finished)
            return
        if log.ended():
            return
        in_flight = log.read - log.finished
        busy = min(workers, window)
        after = (f" (after {rest.finished} write(s) finished)" if rest.finished else "")
        if len(rest.running) < busy:
            explain(
                f"{call}: every write was held open. load_log stopped and waited{after} with "
                f"{in_flight} line(s) in flight and only {len(rest.running)} of its {workers} "
                f"workers writing. Waiting makes sense only once max_in_flight={window} lines "
                "are in flight; until then the pool should be kept busy.",
                expected=f"{busy} writes running before load_log waits",
                got=f"{len(rest.running)} running",
            )
        if in_flight < window:
            explain(
                f"{call}: every write was held open. load_log stopped reading{after} with "
                f"only {in_flight} line(s) in flight, fewer than max_in_flight={window}. "
                "Backpressure waits for *a* free slot, then reads the next line at once; "
                "waiting for a whole group of writes (or for the oldest one) before reading "
                "on leaves the window half empty.",
                expected=f"{window} lines in flight before load_log waits",
                got=f"{in_flight} in flight",
            )

    return on_rest


def load(learner, workers, window, length, first=1, empty_at=None):
    log = AccessLog(window, length, first, empty_at)
    drove = drive(log.held, learner.load_log, log.lines(), log.store, max_workers=workers,
                  max_in_flight=window, seed=plugin.RUN.repetition,
                  on_rest=kept_busy(log, workers, window))
    call = scenario(workers, window, log)
    if log.cut:
        line, before = log.overrun
        explain(
            f"{call}: every write was held open (a slow database). load_log still read line "
            f"{line} while {before} lines were already read and not stored, and then "
            "another one. Every line read is held in memory, as a task and a Future in "
            "the pool, until its write finishes; a loader that never stops reading holds "
            "the whole log. (The check ended the log there; a real one would go on.)",
            expected=f"at most {window} lines in flight: then reading stops until a write "
            "finishes",
            got=f"line {line} read with {before} lines in flight, and more after it",
        )
    if log.overrun is not None:
        line, before = log.overrun
        explain(
            f"{call}: every write was held open (a slow database). load_log read line "
            f"{line} while {before} lines were already read and not stored: "
            f"{before + 1} lines in flight, one more than max_in_flight={window}. A line "
            "counts as read as soon as it is taken from `lines`: `for line in lines:` "
            "has read the next line before the body waits for a free slot, and a window "
            "that waits only once it holds more than max_in_flight futures has read one "
            "too many. Wait for the free slot first, then read (e.g. acquire the slot, "
            "then next(source, END)), or wait as soon as max_in_flight are in flight.",
            expected=f"at most {window} lines read and not yet stored, at every read",
            got=f"line {line} read with {before} lines in flight",
            revisit="the README's task: at no moment may more than max_in_flight lines "
            "have been read without their write having finished",
        )
    if log.slept is not None:
        in_flight, sleeping, finished = log.slept
        after = f" (after {finished} write(s) finished)" if finished else ""
        explain(
            f"{call}: every write was held open. load_log came to rest{after} with "
            f"{in_flight} line(s) in flight and {sleeping} of its threads inside "
            "time.sleep: it waits by sleeping, not by blocking until a write finishes. "
            "A sleep is a guess at how long the writes take: too short, and the loop "
            "wakes to look again (or reads on) while they still run; too long, and the "
            "pool sits idle after they finished.",
            expected="load_log blocked until a write finishes (wait(..., "
            "return_when=FIRST_COMPLETED), a semaphore released by a done-callback, "
            "a Condition notified by one)",
            got="time.sleep while the writes ran",
            revisit="the README: both ways wait by blocking, not by a loop that checks "
            "a counter again and again",
        )
    require_came_to_an_end(drove, call, "load_log", "writes",
                           "block (on a semaphore, wait(), result()) until a write finishes")
    if log.read < log.length and log.empty_at is not None and log.first + log.read - 1 == log.empty_at:
        explain(
            f"{call}: load_log stopped reading at line {log.empty_at}, an empty line "
            f"(''), and never read the {log.length - log.read} line(s) after it. An "
            "empty line is a line like any other (a test like `if not line:` or "
            "`while line:` takes it for the end of the log); the log ends only when "
            "the iterator is exhausted.",
            expected=f"{log.length} lines read, the empty one stored like the others",
            got=f"{log.read} read",
            revisit="telling the end of an iterator: a `for` loop, "
            "next(source, END) with a sentinel END = object(), or StopIteration",
        )
    if drove.finished_at_return < log.read:
        explain(
            f"{call}: load_log returned when {drove.finished_at_return} of the {log.read} "
            "lines it read had been stored; the other writes were still running or queued. "
            "It must return only once every line has been stored (shutdown(wait=False) "
            "does not wait for them; a `with` block does).",
            expected="every write finished when load_log returns",
            got=f"{log.read - drove.finished_at_return} not finished",
        )
    returned = drove.call.result()
    if log.read != log.length:
        explain(f"{call}: load_log did not read the whole log.",
                expected=f"{log.length} lines read", got=f"{log.read}")
    if log.writes != log.expected_lines():
        missing = sorted(set(log.expected_lines()) - set(log.writes))
        repeated = sorted(line for line, count in log.writes.items() if count > 1)
        explain(
            f"{call}: not every line that load_log read was stored exactly once.",
            expected=f"{log.read} lines read, each stored once",
            got=f"{len(missing)} never stored, {len(repeated)} stored more than once"
            + (f" (e.g. {missing[0]!r})" if missing else f" (e.g. {repeated[0]!r})" if repeated else ""),
        )
    if returned != log.read:
        explain(f"{call}: load_log did not return the number of lines it stored.",
                expected=log.read, got=repr(returned))


def two_loads(learner, window_below_workers):
    rng = random.Random(plugin.RUN.repetition)
    previous = None
    for first in (1, 1001):
        # At least two workers: with one, the write running is always the oldest, and
        # waiting for the oldest could not be told from waiting for any.
        while True:
            workers = rng.randint(2, 4)
            window = rng.randint(1, workers - 1) if window_below_workers \
                else rng.randint(workers, workers + 5)
            if window != previous:
                break
        previous = window
        length = 2 * window + rng.randint(1, 6)
        # An empty line somewhere before the last one: every log has one.
        load(learner, workers, window, length, first=first,
             empty_at=first + rng.randrange(length - 1))


def check_every_line_stored_once(learner):
    """A log shorter than the window: every line is stored exactly once, and the count is returned (an empty log: 0)"""
    rng = random.Random(plugin.RUN.repetition)
    window = rng.randint(4, 9)
    length = rng.randint(1, window - 1)
    workers = rng.randint(1, 3)
    load(learner, workers=workers, window=window, length=length,
         empty_at=1 + rng.randrange(length - 1) if length > 1 else None)
    load(learner, workers=workers, window=window, length=0, first=1001)


def check_reading_waits_for_the_writers(learner):
    """Writes held open, max_in_flight at least max_workers: the loader reads exactly its window ahead, and refills it (two logs)"""
    two_loads(learner, window_below_workers=False)


def check_window_smaller_than_the_pool(learner):
    """max_in_flight smaller than max_workers: at most max_in_flight lines are read ahead (two logs)"""
    two_loads(learner, window_below_workers=True)
