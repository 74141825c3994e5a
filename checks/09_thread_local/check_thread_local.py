"""Checks for lesson 09: each pool thread opens one sqlite3 connection, in that thread,
and reuses it for all its lookups.

The database is a real SQLite file in a temporary folder. While a check runs,
`sqlite3.connect` opens connections of a recording subclass: each remembers the thread
that opened it, and every query records the thread that ran it. So the checks see what
happened (which thread opened which connection, which thread used it), whatever the
code looks like.

No timing either: the first and the second query of each worker thread wait at a gate
until every worker thread of the pool has reached it. That makes all the workers run
queries, and run a second one after every worker has started (so a connection kept in
a plain global, overwritten by each worker, is always used by another thread), in
every run. The gate stops holding anyone as soon as a connection is used by a thread
that did not open it, or when the run has come to rest (kata/quiescence.py: every
thread blocked) with fewer workers at the gate than the pool should have: that pool
does not run its lookups on `workers` threads at once, and is told so at once. The
first gate waits for one thread more than `workers` and opens when the run comes to
rest with `workers` there: while they are held none of them is idle, so a wider pool
(a fixed size, a pool kept from another call) starts another thread for the next id,
which comes to the gate and is counted.

One more check holds the first lookup of one worker thread until the run has come to
rest: with one task per customer id, the other workers look up every other id
meanwhile; tasks that each look up a group of ids leave the rest of the held one's
group waiting behind it, and are told so.

The pool width, the ids (some unknown) and the database are drawn from the repetition
number; the report is asked twice in a row, the second time with another width and
another database file (a pool or a connection kept from the first call must not
answer the second).
"""

import gc
import itertools
import random
import sqlite3
import sys
import threading

import pytest

from kata import plugin
from kata.plugin import RUN, load_learner, where
from kata.quiescence import CallInThread, Quiescence, visible_locks
from kata.teach import explain

GUARD = 5.0  # seconds without coming to rest; only code that never blocks gets there
ROUNDS = 2  # the first and the second query of every worker thread meet at a gate

CUSTOMERS = {
    number: (name, country)
    for number, (name, country) in enumerate(
        [
            ("Ada Byron", "GB"), ("Grace Hopper", "US"), ("Alan Turing", "GB"),
            ("Margaret Hamilton", "US"), ("Konrad Zuse", "DE"), ("Edsger Dijkstra", "NL"),
            ("Barbara Liskov", "US"), ("Niklaus Wirth", "CH"), ("Frances Allen", "US"),
            ("Tim Berners-Lee", "GB"), ("Guido van Rossum", "NL"), ("Radia Perlman", "US"),
            ("Leslie Lamport", "US"), ("Karen Sparck Jones", "GB"), ("Ole-Johan Dahl", "NO"),
            ("Kristen Nygaard", "NO"), ("Hedy Lamarr", "AT"), ("John Backus", "US"),
            ("Jean Sammet", "US"), ("Peter Naur", "DK"),
        ],
        start=1,
    )
}
# The second database file: the same ids, other customers (the CRM of another shop).
OTHER_CUSTOMERS = {number: (f"{name.split()[0]} {name.split()[-1]}-Ng", "SG")
                   for number, (name, _) in CUSTOMERS.items()}


def report_ids(rng, workers):
    """Enough ids for every worker to run two lookups; a few of them unknown."""
    known = rng.sample(sorted(CUSTOMERS), rng.randint(2 * workers, min(len(CUSTOMERS), 3 * workers + 2)))
    unknown = rng.sample([0, 99, 404, 1000], rng.randint(1, 2))
    ids = known + unknown
    rng.shuffle(ids)
    return ids


def expected_report(ids, customers=CUSTOMERS):
    return {customer_id: customers.get(customer_id) for customer_id in ids}


def make_database(path, customers=CUSTOMERS):
    connection = sqlite3.connect(str(path))
    try:
        # A scratch file: no need to wait for the disk (an fsync costs ~40 ms).
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT)")
        connection.executemany("INSERT INTO customers VALUES (?, ?, ?)",
                               [(number, *row) for number, row in customers.items()])
        connection.commit()
    finally:
        connection.close()
    return path


# --- where the learner's code is ---------------------------------------------------------

_LEARNER_FILES = {}


def learner_place(frame):
    """`customer_report.py:28  return ...` for the innermost frame in the learner's file."""
    while frame is not None:
        filename = frame.f_code.co_filename
        known = _LEARNER_FILES.get(filename)
        if known is None:
            known = _LEARNER_FILES[filename] = RUN.is_learner_file(filename)
        if known:
            return where(filename, frame.f_lineno)
        frame = frame.f_back
    return OUTSIDE_LEARNER_FILE


OUTSIDE_LEARNER_FILE = "(outside your file)"


# --- recording what the connections do ---------------------------------------------------


class Recorder:
    """What happened during one call of lookup_customers."""

    def __init__(self, workers, gated=True, hold_one=False):
        self.caller = None  # the thread that calls lookup_customers
        self.workers = workers  # the pool width asked for
        self.gated = gated
        self.hold_one = hold_one  # hold the first query of a worker until release_hold()
        self.held = None  # (thread, customer id or None) of the query held
        self.hold_released = False
        self.run = 0  # queries started, in every thread
        self.ids_seen = []  # the customer id of each query, where it has one
        self.opened = []  # connections opened during this call, in order
        self.queries = {}  # thread -> number of queries it ran
        self.used_by = {}  # connection -> threads that used it
        self.foreign_uses = []  # (connection, thread, place): used by a thread that did not open it
        self.cond = threading.Condition()
        self.arrived = {round_: set() for round_ in range(1, ROUNDS + 1)}
        self.gate_broken = False  # the guard ran out: workers never met
        # The first gate waits for one thread more than the pool may have; it opens
        # when the run comes to rest with `workers` there (none more is coming).
        self.first_gate_full = False
        self.too_many = 0  # threads at the first gate at once, when more than `workers`
        self.at_gate = []  # names of the workers waiting at the gate when it broke
        self.held_elsewhere = []  # (name, place in the learner's file) of the others then
        self.gate_open = False  # the gate stopped holding anyone (see used())

    def opened_connection(self, connection):
        self.opened.append(connection)

    def used(self, connection, place):
        me = threading.current_thread()
        with self.cond:
            self.used_by.setdefault(connection, set()).add(me)
            if me is not connection.kata_opener and len(self.foreign_uses) < 50:
                self.foreign_uses.append((connection, me, place))
                # A shared connection fails the checks anyway: no use holding workers
                # at the gate (with sqlite3's own check, this query is about to fail).
                self.gate_open = True
                self.cond.notify_all()

    def gate(self, args=(), kwargs=None):
        """A worker thread's first and second query wait here for every other worker
        (or, with hold_one, the first query of a worker waits for release_hold())."""
        me = threading.current_thread()
        with self.cond:
            count = self.queries[me] = self.queries.get(me, 0) + 1
            self.run += 1
            customer_id = customer_id_of(args, kwargs or {})
            if customer_id is not None:
                self.ids_seen.append(customer_id)
            if self.hold_one and self.held is None and me is not self.caller:
                self.held = (me, customer_id)
                self.cond.wait_for(lambda: self.hold_released)
                return
            if (not self.gated or me is self.caller or count > ROUNDS or self.gate_open
                    or self.gate_broken):
                return
            self.arrived[count].add(me)
            if count == 1 and len(self.arrived[1]) > self.workers:
                # One thread more than the pool may have: while the first ones are held
                # here none of them is idle, so a wider pool starts another thread for
                # the next id, and it comes here. A pool of `workers` threads never can.
                self.too_many = len(self.arrived[1])
                self.gate_open = True
            self.cond.notify_all()
            enough = self.workers + 1 if count == 1 else self.workers
            self.cond.wait_for(lambda: len(self.arrived[count]) >= enough
                               or (count == 1 and self.first_gate_full)
                               or self.gate_open or self.gate_broken)

    def release_hold(self):
        with self.cond:
            self.hold_released = True
            self.cond.notify_all()

    def break_gate(self, force=False, run_threads=()):
        """The run rests with workers at the gate waiting for workers that never come.
        `run_threads`: the threads of the call, to tell where the others were waiting."""
        with self.cond:
            if self.gate_broken or self.gate_open:
                return False
            if not force and len(self.arrived[1]) == self.workers and not self.first_gate_full:
                # At rest with every worker at the first gate and no thread more coming:
                # the pool has `workers` threads. Let them go on to the second gate.
                self.first_gate_full = True
                self.cond.notify_all()
                return True
            waiting = force or any(0 < len(arrived) < self.workers for arrived in self.arrived.values())
            if waiting:
                self.gate_broken = True
                self.note_where_workers_wait(run_threads)
                self.cond.notify_all()
            return waiting

    def note_where_workers_wait(self, run_threads):
        at_gate = set().union(*(arrived for arrived in self.arrived.values() if len(arrived) < self.workers))
        self.at_gate = sorted(thread.name for thread in at_gate)
        frames = sys._current_frames()
        for thread in run_threads:
            if thread in at_gate or thread is self.caller:
                continue
            place = learner_place(frames.get(thread.ident))
            if place != OUTSIDE_LEARNER_FILE:  # an idle pool worker waits for a task
                self.held_elsewhere.append((thread.name, place))

    def worker_threads(self):
        return [thread for thread in self.queries if thread is not self.caller]


def customer_id_of(args, kwargs):
    """The one parameter of a query (`execute(QUERY, (customer_id,))`), or None."""
    parameters = args[1] if len(args) > 1 else kwargs.get("parameters")
    if isinstance(parameters, dict):
        parameters = list(parameters.values())
    if isinstance(parameters, (tuple, list)) and len(parameters) == 1:
        return parameters[0]
    return None


class Recording:
    """The recorder of the call under way, and the classes that report to it."""

    def __init__(self):
        self.current = Recorder(workers=1, gated=False)  # until a call starts: import time
        numbers = itertools.count(1)
        recording = self

        class RecordedCursor(sqlite3.Cursor):
            def execute(self, *args, **kwargs):
                recording.current.gate(args, kwargs)
                return super().execute(*args, **kwargs)

            def executemany(self, *args, **kwargs):
                recording.current.gate()
                return super().executemany(*args, **kwargs)

        class RecordedConnection(sqlite3.Connection):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.kata_number = next(numbers)
                self.kata_opener = threading.current_thread()
                self.kata_opened_at = learner_place(sys._getframe(1))
                recording.current.opened_connection(self)

            def cursor(self, *args, **kwargs):
                recording.current.used(self, learner_place(sys._getframe(1)))
                if not args and "factory" not in kwargs:
                    kwargs["factory"] = RecordedCursor
                return super().cursor(*args, **kwargs)

            # Connection.execute() is a shortcut for cursor().execute(); spelled out so
            # that the query goes through the recorded cursor on every Python version.
            def execute(self, *args, **kwargs):
                recording.current.used(self, learner_place(sys._getframe(1)))
                return super().cursor(RecordedCursor).execute(*args, **kwargs)

            def executemany(self, *args, **kwargs):
                recording.current.used(self, learner_place(sys._getframe(1)))
                return super().cursor(RecordedCursor).executemany(*args, **kwargs)

            def executescript(self, *args, **kwargs):
                recording.current.used(self, learner_place(sys._getframe(1)))
                return super().executescript(*args, **kwargs)

        self.connection_class = RecordedConnection

    def __enter__(self):
        self.real_connect = sqlite3.connect
        connection_class = self.connection_class
        real_connect = self.real_connect

        def connect(*args, **kwargs):
            if len(args) < 6 and "factory" not in kwargs:
                kwargs["factory"] = connection_class
            connection = real_connect(*args, **kwargs)
            if isinstance(connection, connection_class):
                checked = args[4] if len(args) > 4 else kwargs.get("check_same_thread", True)
                connection.kata_check_switched_off = not checked
            return connection

        sqlite3.connect = sqlite3.dbapi2.connect = connect
        # The learner's locks, made at import or per call: a worker waiting in `with lock:`
        # must look blocked to the rest detector, or the gate waits out its whole guard.
        self.locks_shown = visible_locks()
        self.locks_shown.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.locks_shown.__exit__(*exc_info)
        sqlite3.connect = sqlite3.dbapi2.connect = self.real_connect


# --- running the report ---------------------------------------------------------------------


def new_database(tmp_path, customers=CUSTOMERS, name="crm.sqlite3"):
    return str(make_database(tmp_path / name, customers))


def run_report(module, recording, db_path, ids, workers, gated=True):
    """(report or None, exception or None, recorder) of one call."""
    recorder = recording.current = Recorder(workers, gated)

    def as_caller():
        recorder.caller = threading.current_thread()
        return module.lookup_customers(db_path, list(ids), workers=workers)

    # No garbage collection while the profile hook runs in every thread: on 3.10, a
    # collection that finalizes sqlite3 objects under the hook crashed the interpreter.
    gc.disable()
    try:
        return _run_report(recorder, as_caller, workers)
    finally:
        gc.enable()


def _run_report(recorder, as_caller, workers):
    with Quiescence() as quiet:
        call = CallInThread(as_caller)
        while not quiet.wait_for_return(call, GUARD) and recorder.break_gate(run_threads=quiet.run_threads()):
            pass  # the workers let go: see whether the call now returns
        stuck = not call.finished.is_set() and quiet.settled()
        if stuck:
            # Threads started before this call (a pool kept from an earlier one) are not
            # watched: they may still arrive at the gate. Open it for good.
            recorder.break_gate(force=True)
        returned = call.join(GUARD)
    if not returned:
        explain(
            f"lookup_customers(..., workers={workers}) did not return: "
            + ("every thread it started was blocked (a deadlock)." if stuck
               else f"it was still busy after {GUARD:g} s."),
            expected="the report",
            got=f"{sum(recorder.queries.values())} lookups run, then stuck",
        )
    try:
        return call.result(), None, recorder
    except Exception as exc:  # noqa: B902 - explained by the checks
        return None, exc, recorder


def describe(connection):
    return (f"connection #{connection.kata_number}, opened by {connection.kata_opener.name} at "
            f"{connection.kata_opened_at}")


def require_no_foreign_use(recorder, error=None, note=""):
    if not recorder.foreign_uses:
        return
    connection, thread, place = recorder.foreign_uses[0]
    users = sorted(thread.name for thread in recorder.used_by.get(connection, ()))
    happened = (
        f"A connection was used by a thread that did not open it:\n"
        f"    {describe(connection)},\n"
        f"    was used by {thread.name} at {place}.\n"
    )
    if error is not None:
        happened += f"and the report failed with {type(error).__name__}: {error}\n"
    if getattr(connection, "kata_check_switched_off", False):
        happened += ("(check_same_thread=False only silences sqlite3's own check; the "
                     "connection is still shared between threads.)\n")
    happened += note
    happened += (
        "A sqlite3 connection belongs to the thread that opened it. Each pool thread "
        "needs a connection of its own, opened in that thread: keep it in "
        "threading.local() data, filled in by the pool's initializer."
    )
    explain(happened,
            expected="every connection used only by the thread that opened it",
            got=f"connection #{connection.kata_number} used by {', '.join(users)}")


def require_report_ran(recorder, error):
    """An exception from lookup_customers: explained when it comes from a shared
    connection, otherwise reported as it is (it is the learner's)."""
    if error is None:
        return
    require_no_foreign_use(recorder, error)
    raise error


def require_pool_ran_together(recorder):
    workers = recorder.worker_threads()
    names = f" ({', '.join(sorted(thread.name for thread in workers))})" if workers else ""
    asked = recorder.workers
    if recorder.too_many:
        explain(
            f"lookup_customers(..., workers={asked}) ran {recorder.too_many} lookups at the "
            f"same time: the check held each worker's first query until one thread more than "
            f"{asked} came, and it did. Lookups ran on {len(workers)} pool threads{names}. "
            "The pool must have `workers` threads, as asked in this call: a pool of a fixed "
            "size, or one kept from an earlier call, keeps the wrong width.",
            expected=f"at most {asked} lookups at once",
            got=f"{recorder.too_many} at once",
        )
    if len(workers) > asked:
        explain(
            f"lookup_customers(..., workers={asked}) ran its lookups on {len(workers)} pool "
            f"threads{names}. The pool must have `workers` threads, as asked in this call "
            "(a pool kept from an earlier call keeps that call's size).",
            expected=f"lookups from {asked} pool threads",
            got=f"{len(workers)} threads",
        )
    if recorder.gate_broken or len(workers) < asked:
        if recorder.gate_broken:
            seen = (f"The check holds each worker's first queries until every worker has "
                    f"started one; your code came to rest with {len(recorder.at_gate)} of "
                    f"{asked} pool threads holding a query there "
                    f"({', '.join(recorder.at_gate) or 'none'}).")
            if recorder.held_elsewhere:
                seen += " The others were waiting in your code: " + "; ".join(
                    f"{name} at {place}" for name, place in recorder.held_elsewhere) + "."
        else:
            seen = f"Only {len(workers)} pool thread(s) ran a query{names}."
        explain(
            f"lookup_customers(..., workers={asked}) did not run its lookups on "
            f"{asked} pool threads at the same time. {seen} Keep one task per customer "
            "id on a ThreadPoolExecutor with max_workers=workers, and do not serialise "
            "the queries with a lock.",
            expected=f"queries from {asked} pool threads at once",
            got=(f"{len(recorder.at_gate)} at once" if recorder.gate_broken
                 else f"{len(workers)} thread(s)"),
        )


def require_one_connection_per_worker(recorder, label="the report"):
    opened_by = {}
    for connection in recorder.opened:
        opened_by.setdefault(connection.kata_opener, []).append(connection)
    for thread in recorder.worker_threads():
        mine = opened_by.get(thread, [])
        if len(mine) > 1:
            explain(
                f"For {label}, pool thread {thread.name} ran {recorder.queries[thread]} "
                f"lookups and opened {len(mine)} connections, at\n    "
                + "\n    ".join(sorted({c.kata_opened_at for c in mine}))
                + "\nOpening a connection costs far more than one lookup. Each worker "
                "thread should open one connection, once, and reuse it for every task it "
                "runs: store it in threading.local() data (for instance from the pool's "
                "initializer), not in a local variable of the task.",
                expected=f"1 connection per worker thread ({recorder.workers} at most in all)",
                got=f"{len(recorder.opened)} connections for {sum(recorder.queries.values())} "
                    f"lookups on {len(recorder.worker_threads())} threads",
            )


def normalised(report):
    """The report with rows as plain tuples (sqlite3.Row is fine too); None if not a dict."""
    if not isinstance(report, dict):
        return None
    try:
        return {key: (tuple(value) if value is not None else None) for key, value in report.items()}
    except TypeError:
        return report


def require_right_report(report, ids, label, customers=CUSTOMERS):
    expected = expected_report(ids, customers)
    if not isinstance(report, dict):
        explain("lookup_customers did not return a dict.", expected="{customer_id: (name, country)}",
                got=repr(report)[:200])
    normalised_report = normalised(report)
    if normalised_report != expected:
        wrong = sorted((key for key in set(expected) | set(normalised_report)
                        if normalised_report.get(key, "missing") != expected.get(key)), key=str)
        explain(
            f"{label.capitalize()} does not match its database file (ids {ids}).",
            expected=", ".join(f"{key}: {expected.get(key)!r}" for key in wrong[:4]),
            got=", ".join(f"{key}: {normalised_report.get(key, 'missing')!r}" for key in wrong[:4]),
        )


# --- the checks -------------------------------------------------------------------------------


def one_report(tmp_path):
    """(workers, ids, db_path, recording) of this repetition's report: a pool of 2-4
    threads, ids drawn for it, a fresh database."""
    rng = random.Random(plugin.RUN.repetition)
    workers = rng.randint(2, 4)
    return workers, report_ids(rng, workers), new_database(tmp_path), Recording()


def check_report_is_right(tmp_path):
    """The report gives every customer's name and country, and None for an unknown id (no ids: an empty report)"""
    workers, ids, db_path, recording = one_report(tmp_path)
    with recording:
        module = load_learner()
        report, error, recorder = run_report(module, recording, db_path, ids, workers, gated=False)
        require_report_ran(recorder, error)
        if normalised(report) != expected_report(ids):
            require_no_foreign_use(recorder, note="The report came out wrong, too: queries from "
                                   "several threads on one connection got in each other's way.\n")
        require_right_report(report, ids, "the report")
        empty, error, _ = run_report(module, recording, db_path, [], workers, gated=False)
    if error is not None:
        explain(f"lookup_customers(..., [], workers={workers}) raised {error!r}. No ids give an "
                "empty report. (A pool needs at least one worker: max_workers=min(workers, "
                "len(customer_ids)) is 0 here.)", expected="{}", got=repr(error))
    if empty != {}:
        explain(f"lookup_customers(..., [], workers={workers}) must return an empty report.",
                expected="{}", got=repr(empty)[:200])


def check_one_connection_per_worker_thread(tmp_path):
    """Each pool thread opens one connection and reuses it for every lookup it runs"""
    workers, ids, db_path, recording = one_report(tmp_path)
    with recording:
        module = load_learner()
        report, error, recorder = run_report(module, recording, db_path, ids, workers)
    require_report_ran(recorder, error)
    require_no_foreign_use(recorder)
    require_pool_ran_together(recorder)
    require_one_connection_per_worker(recorder)


def check_connections_stay_in_their_thread(tmp_path):
    """Every connection is used only by the thread that opened it, also over two reports in a row (another width, another database)"""
    rng = random.Random(plugin.RUN.repetition)
    first_workers = rng.randint(2, 4)
    second_workers = rng.choice([n for n in (2, 3, 4) if n != first_workers])
    reports = (
        ("the first report", new_database(tmp_path), CUSTOMERS, first_workers),
        ("the second report", new_database(tmp_path, OTHER_CUSTOMERS, "other-shop.sqlite3"),
         OTHER_CUSTOMERS, second_workers),
    )
    recording = Recording()
    with recording:
        module = load_learner()
        for label, db_path, customers, workers in reports:
            ids = report_ids(rng, workers)
            report, error, recorder = run_report(module, recording, db_path, ids, workers)
            require_report_ran(recorder, error)
            require_no_foreign_use(recorder)
            require_pool_ran_together(recorder)
            require_right_report(report, ids, label, customers)
            require_one_connection_per_worker(recorder, label)


def run_with_one_lookup_held(module, recording, db_path, ids, workers):
    """Hold the first query of one worker thread until the run rests (or GUARD passes);
    (report, error, recorder, the ids not looked up by then or None, at rest?)."""
    recorder = recording.current = Recorder(workers, gated=False, hold_one=True)

    def as_caller():
        recorder.caller = threading.current_thread()
        return module.lookup_customers(db_path, list(ids), workers=workers)

    gc.disable()  # see run_report
    try:
        with Quiescence() as quiet:
            call = CallInThread(as_caller)
            returned = quiet.wait_for_return(call, GUARD)
            at_rest = not returned and quiet.settled()
            waiting = None
            if not returned:
                with recorder.cond:
                    if recorder.held is not None and recorder.run < len(ids):
                        _, held_id = recorder.held
                        waiting = [cid for cid in ids if cid not in recorder.ids_seen
                                   and cid != held_id]
                        waiting = waiting or [f"{len(ids) - recorder.run} of the ids"]
            recorder.release_hold()
            returned_after_release = returned or call.join(GUARD)
    finally:
        gc.enable()
    if not returned_after_release:
        explain(
            f"lookup_customers(..., workers={workers}) did not return, even after the check "
            "let go the one lookup it held (of one worker thread).",
            expected="the report",
            got=f"{recorder.run} lookups run, then stuck",
        )
    if not returned and not at_rest and not waiting:
        explain(
            f"lookup_customers(..., workers={workers}) kept running for {GUARD:g} s without "
            "ever waiting, while the check held one lookup of one worker thread (a loop that "
            "checks again and again?); it returned only once that lookup was let go.",
            expected="the other lookups done, then a wait for the held one",
            got=f"still busy after {GUARD:g} s",
        )
    try:
        return call.result(), None, recorder, waiting, at_rest
    except Exception as exc:  # noqa: B902 - explained by the checks
        return None, exc, recorder, waiting, at_rest


# A connection shared between the workers fails the two checks above; here its lock
# would only report the same fault again, as every other lookup waiting behind the held one.
@pytest.mark.needs_passing("check_one_connection_per_worker_thread", "check_connections_stay_in_their_thread")
def check_a_slow_lookup_holds_up_only_its_own_id(tmp_path):
    """One worker's lookup is slow: the other workers look up every other id meanwhile (one task per id)"""
    workers, ids, db_path, recording = one_report(tmp_path)
    with recording:
        module = load_learner()
        report, error, recorder, waiting, at_rest = run_with_one_lookup_held(
            module, recording, db_path, ids, workers)
    if waiting:
        thread, held_id = recorder.held
        held = f"id {held_id!r}" if held_id is not None else "its first query"
        when = ("Your code came to rest" if at_rest else
                f"{GUARD:g} s later (the check could not tell whether your threads were waiting), "
                "your code still had")
        explain(
            f"lookup_customers({len(ids)} ids, workers={workers}): the check held one lookup "
            f"({held}, on {thread.name}) and let every other query run. {when} "
            f"{len(waiting)} other id(s) not looked up ({', '.join(map(str, waiting))}), "
            f"although {workers - 1} other pool thread(s) were free: those ids were waiting "
            "behind the held lookup. With one task per customer id and nothing shared between "
            "the workers, a free worker takes the next id at once, so a slow lookup (a cold "
            "disk, a locked row) holds up only its own id; a task that looks up a group of ids "
            "makes the whole group wait for its slowest one, and a lock around one shared "
            "connection makes every lookup wait for it.",
            expected="every other id looked up while one lookup is held",
            got=f"{len(waiting)} id(s) waiting behind the held lookup",
        )
    require_report_ran(recorder, error)
    require_no_foreign_use(recorder)
    require_right_report(report, ids, "the report")
