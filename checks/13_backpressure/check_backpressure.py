"""Checks for lesson 13: read a long input only as fast as the pool gets through it.

No timing is measured. The log is a generator that counts the lines read and the
writes finished, so "lines in flight" (read, but not yet stored) is known exactly at
every read. The checks hold every write open on an event, so nothing finishes while
the loader runs: a loader without backpressure reads on and on (the log ends as soon
as it reads more than max_in_flight + 1 lines, so the check stays fast); a loader with
backpressure reads its window and then blocks. `Quiescence` tells when it has blocked
(kata/quiescence.py); only then are the writes let go.

One line more than max_in_flight is tolerated: the line a loop has just read before it
waits for a free slot (`for line in lines: slots.acquire(); ...`).
"""

import threading
from collections import Counter

from kata.quiescence import CallInThread, Quiescence
from kata.teach import explain

GRACE = 5.0  # guard: only wrong code makes a check wait this long


def line_text(number):
    return (f'198.51.100.{number % 250} - - [14/Mar/2025:09:{number // 60 % 60:02d}:{number % 60:02d} '
            f'+0000] "GET /catalog/item/{number} HTTP/1.1" 200 {2000 + number % 900}')


class AccessLog:
    """A long log read lazily, and a database whose writes the check can hold open."""

    def __init__(self, max_in_flight=None, length=1_000_000):
        # None: no limit is enforced (checks of plain correctness)
        self.allowed = None if max_in_flight is None else max_in_flight + 1
        self.length = length
        self.read = 0
        self.finished = 0
        self.started = 0
        self.peak = 0
        self.overrun = None  # (line number, lines in flight before it) once the reader overran
        self.writes = Counter()
        self.writes_may_finish = threading.Event()
        self._lock = threading.Lock()

    def lines(self):
        while True:
            with self._lock:
                if self.read >= self.length:
                    return
                if self.allowed is not None and self.read - self.finished >= self.allowed:
                    self.overrun = (self.read + 1, self.read - self.finished)
                    return  # end the log here: no need to watch a million lines pile up
                self.read += 1
                number = self.read
                self.peak = max(self.peak, self.read - self.finished)
            yield line_text(number)

    def store(self, line):
        with self._lock:
            self.started += 1
        self.writes_may_finish.wait(4 * GRACE)
        with self._lock:
            self.writes[line] += 1
            self.finished += 1

    def close_after(self, lines):
        """The log ends after this many lines in total."""
        with self._lock:
            self.length = min(self.length, lines)

    def in_flight(self):
        with self._lock:
            return self.read - self.finished


def require_every_line_stored_once(log, returned):
    expected = Counter(line_text(number) for number in range(1, log.read + 1))
    if log.writes != expected:
        missing = sorted(set(expected) - set(log.writes))
        repeated = sorted(line for line, count in log.writes.items() if count > 1)
        explain(
            "Not every line that load_log read was stored exactly once.",
            expected=f"{log.read} lines read, each stored once",
            got=f"{len(missing)} never stored, {len(repeated)} stored more than once"
            + (f" (e.g. {missing[0]!r})" if missing else f" (e.g. {repeated[0]!r})" if repeated else ""),
        )
    if returned != log.read:
        explain("load_log did not return the number of lines it stored.",
                expected=log.read, got=repr(returned))


def check_every_line_stored_once(learner):
    """Every line of the log is stored exactly once, and the count is returned"""
    log = AccessLog(length=40)
    log.writes_may_finish.set()
    returned = learner.load_log(log.lines(), log.store, max_workers=3, max_in_flight=5)
    if log.read != 40:
        explain("load_log did not read the whole log.", expected="40 lines read", got=f"{log.read}")
    if log.started != log.finished:
        explain(
            "load_log returned while writes were still running. It must return only "
            "once every line has been stored.",
            expected="0 writes running when load_log returns",
            got=f"{log.started - log.finished} still running",
        )
    require_every_line_stored_once(log, returned)


def require_backpressure(learner, workers, window):
    log = AccessLog(max_in_flight=window)
    with Quiescence(sleeping_is_waiting=True) as quiet:
        call = CallInThread(learner.load_log, log.lines(), log.store,
                            max_workers=workers, max_in_flight=window)
        try:
            at_rest = quiet.wait_until_settled(GRACE)
            started, in_flight = log.started, log.in_flight()
            log.close_after(log.read + 2 * window)  # a little more steady state, then the end
        finally:
            log.writes_may_finish.set()
    returned = call.join(GRACE)

    if log.overrun is not None:
        line, before = log.overrun
        explain(
            f"Every write was held open (a slow database). load_log still read line {line} "
            f"while {before} lines were already read and not stored (max_in_flight="
            f"{window}). Every line read is held in memory, as a task and a Future in the "
            "pool, until its write finishes; a loader that never stops reading holds the "
            "whole log. (The check ended the log there; a real one would go on.)",
            expected=f"at most {window} lines in flight (plus the one just read): then "
            "reading stops until a write finishes",
            got=f"line {line} read with {before} lines in flight",
        )
    if not at_rest:
        explain(
            f"Every write was held open. load_log had {in_flight} lines in flight and kept "
            f"running for {GRACE:g} s instead of waiting: it never blocked until a write "
            "finished (a loop that checks a counter again and again burns a CPU core).",
            expected="block (on a semaphore, wait(), result()) until a write finishes",
            got=f"still running after {GRACE:g} s with {in_flight} lines in flight",
        )
    busy = min(workers, window)
    if started < busy:
        explain(
            f"load_log stopped reading and waited while only {in_flight} line(s) were in "
            f"flight and {started} of its {workers} workers were writing. Waiting makes "
            f"sense only once max_in_flight={window} lines are in flight; until then the "
            "pool should be kept busy.",
            expected=f"{busy} writes running before load_log waits",
            got=f"{started} running",
        )
    if not returned:
        explain(
            f"Once the writes were let go, load_log did not return within {GRACE:g} s.",
            expected="load_log returns when the log has ended and every line is stored",
            got=f"still running; {log.finished} of {log.read} lines stored",
        )
    require_every_line_stored_once(log, call.result())


def check_reading_waits_for_the_writers(learner):
    """A log of a million lines and a slow database: at most max_in_flight=8 lines are read ahead (4 workers)"""
    require_backpressure(learner, workers=4, window=8)


def check_window_smaller_than_the_pool(learner):
    """max_in_flight=3 with 4 workers: at most 3 lines are read ahead"""
    require_backpressure(learner, workers=4, window=3)
