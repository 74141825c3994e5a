"""The lesson catalog: the one place that declares which lessons exist, their order,
titles, points, the learner files they grade and the hints shown for them.

Everything else (the grader, the scoreboard, the self-tests, the hint command and the
"Hints" section of every exercise README) is derived from this list. To add a lesson,
append a `Lesson(...)` here and create the three mirrored folders described in the
top-level README.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    module: str  # the learner's module the checks import (file `<module>.py`)
    concept: str  # what a failing learner should revisit, in the course's words
    hints: tuple  # from a gentle nudge to nearly the answer
    points: int = 10
    check_timeout: float = 20.0  # seconds for one repetition of one check
    seconds_per_repetition: float = 4.0  # budget for all checks of one repetition

    @property
    def name(self) -> str:
        """The folder name shared by exercises/, solutions/ and checks/."""
        return f"{self.number:02d}_{self.slug}"

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    def matches(self, selector: str) -> bool:
        """`03`, `3` or a fragment of the folder name or title selects a lesson."""
        selector = selector.strip().lower()
        if selector.isdigit():
            return int(selector) == self.number
        return selector in self.name or selector in self.title.lower()


LESSONS = (
    Lesson(
        number=1,
        slug="futures_vs_threading",
        title="concurrent.futures vs threading",
        module="price_refresh",
        concept="concurrent.futures vs threading: hand-made threads leave you to bound "
        "them, join them, order their results and carry their exceptions back. "
        "`with ThreadPoolExecutor(max_workers=n) as pool: list(pool.map(f, items))` "
        "does all four: at most n threads, results in input order, a task's exception "
        "re-raised in the caller, and every thread ended when the block exits.",
        hints=(
            "List what the hand-made version gets wrong: the order of the prices, the "
            "exception in a thread, the threads nobody waits for, the number running "
            "at once. An executor handles each of them for you.",
            "`pool.map(fetch_price, skus)` yields results in the order of `skus` and "
            "re-raises a fetch's exception when you reach it; a `with` block waits for "
            "the pool to finish and shuts its threads down.",
            "Replace the threads with `with ThreadPoolExecutor(max_workers=max_workers) "
            "as pool: return list(pool.map(fetch_price, skus))`.",
        ),
    ),
    Lesson(
        number=2,
        slug="lost_exception",
        title="Lost exception",
        module="notifier",
        concept="Retrieving exceptions: an exception raised in a pool thread is stored "
        "in its Future. It only reaches you when you call future.result() (or "
        "future.exception()); a future nobody consults fails silently.",
        hints=(
            "`pool.submit` returns a Future. What does the stub do with it?",
            "Keep every future, wait for all of them, and call `.result()` on each "
            "inside try/except so one failure does not hide the next.",
            "Build `{pool.submit(send, m): m for m in messages}`, loop over "
            "`as_completed(...)`, collect `failures[message] = exc` in the except "
            "branch, and raise `DeliveryFailed(failures)` at the end if any.",
        ),
    ),
    Lesson(
        number=3,
        slug="map_errors",
        title="Errors in .map()",
        module="photo_batch",
        concept="Handling errors in .map(): executor.map yields results in input order "
        "and raises a task's exception when the loop reaches that task; the iterator is "
        "then finished and every later result is lost. Catch the exception per item, "
        "inside the task or around each future.result(), to keep every outcome.",
        hints=(
            "Make photo 3 of 8 corrupt. Where does the exception come out, and what "
            "happens to the `for` loop and to the results of photos 4 to 8?",
            "A try/except inside the loop body cannot help: the exception is raised by "
            "the iterator itself. Catch it per photo instead, where only that photo's "
            "result is at stake.",
            "Wrap the work: `def attempt(photo): try: return Outcome(photo, "
            "value=resize(photo)) except Exception as exc: return Outcome(photo, "
            "error=exc)`, then `return list(pool.map(attempt, photos))`.",
        ),
    ),
    Lesson(
        number=4,
        slug="safe_run",
        title="Best practice: @safe_run",
        module="side_jobs",
        concept="Best practice for fire-and-forget tasks: nobody calls result() on "
        "their futures, so catch and log the exception inside the task itself, once, "
        "with logger.exception (ERROR level, traceback attached), and keep the task's "
        "identity with functools.wraps.",
        hints=(
            "Nobody will ever call `.result()` on these futures. So where is the last "
            "place the exception can still be seen, and what should happen there?",
            "Inside `except`, `logger.exception(...)` logs at ERROR and attaches the "
            "traceback to the record; `print` and `logger.error(str(e))` lose one or the "
            "other. Do not re-raise. For the name and docstring, look at functools.wraps.",
            "Decorate `wrapper` with `@functools.wraps(func)`, and in the except branch "
            "write `logger.exception(\"side job %s failed\", func.__name__)` followed by "
            "`return None`.",
        ),
    ),
    Lesson(
        number=5,
        slug="blocking_map",
        title="Blocking map",
        module="crawler",
        concept="executor.map yields results in submission order, so one slow task "
        "holds back results that are already finished. concurrent.futures."
        "as_completed (or add_done_callback) hands you each result as soon as it is "
        "ready.",
        hints=(
            "Fetch the first URL slowly and the rest instantly: when does the stub "
            "call `on_page` for the fast ones?",
            "Submit every fetch with `pool.submit` and remember which URL each future "
            "belongs to.",
            "`futures = {pool.submit(fetch, url): url for url in urls}` then "
            "`for future in as_completed(futures): on_page(futures[future], "
            "future.result())`.",
        ),
    ),
    Lesson(
        number=6,
        slug="racy_counter",
        title="Racy counter",
        module="inventory",
        concept="Race conditions: `x += 1` is a read, an add and a write; another "
        "thread can run between them. Protect the whole read-modify-write with one "
        "shared threading.Lock (a critical section).",
        hints=(
            "Two threads can both read the same stock level before either writes the "
            "new one back. Which lines form the read-modify-write?",
            "Every thread must use the *same* lock, so create it once (in __init__), "
            "not inside the method.",
            "Create `self._lock = threading.Lock()` in __init__ and wrap the whole "
            "`self._stock[item] -= quantity` (and the check before it) in "
            "`with self._lock:`.",
        ),
    ),
    Lesson(
        number=7,
        slug="critical_section",
        title="Critical section",
        module="giftcard",
        concept="Critical sections: a check and the action that depends on it (check-"
        "then-act) must run under one lock, held from the check to the last write. "
        "Locking each step separately leaves a gap where another thread acts on the "
        "same old value.",
        hints=(
            "Each method takes the lock, so each step is safe on its own. What can "
            "another thread do between `self.balance()` returning and `_deduct` starting?",
            "Hold one lock from the balance check to the deduction. Careful: "
            "`threading.Lock` is not re-entrant, so calling `self.balance()` while you "
            "hold it would wait for yourself forever.",
            "In charge: `with self._lock:` then `if self._balance < amount: return "
            "False`, `self._balance -= amount`, `return True`, all inside the block.",
        ),
    ),
    Lesson(
        number=8,
        slug="lock_vs_rlock",
        title="Lock vs RLock",
        module="ledger",
        concept="Synchronization primitives: a threading.Lock does not know which "
        "thread holds it, so a thread that acquires it again waits for itself forever "
        "(a self-deadlock). A threading.RLock may be re-acquired by the thread that "
        "holds it; or take the lock once and call helpers that expect it held.",
        hints=(
            "transfer() takes the lock and then calls withdraw(), which asks for the "
            "same lock again, in the same thread. Who could ever release it?",
            "The lock must still cover the whole transfer (an audit must never see the "
            "money half-way), and deposit()/withdraw() must still lock when they are "
            "called directly. You need a lock its holder may acquire again.",
            "Create the lock with `threading.RLock()` instead of `threading.Lock()` "
            "and keep every `with self._lock:` (or: move the bodies of withdraw and "
            "deposit into `_withdraw`/`_deposit` helpers that do not lock, and call "
            "those from transfer).",
        ),
    ),
    Lesson(
        number=9,
        slug="thread_local",
        title="Thread-local data",
        module="customer_report",
        concept="Thread-local data: threading.local() is one object whose attributes "
        "are separate in every thread. Fill it in the pool's initializer= (run once in "
        "each worker thread) to give each worker its own resource, such as a database "
        "connection, reused by every task that worker runs.",
        hints=(
            "The connection is opened in the thread that calls lookup_customers, and "
            "used in the pool's threads. Which thread may use a sqlite3 connection?",
            "Opening a connection inside each task works but is expensive. You want one "
            "connection per worker thread, kept somewhere every task of that thread can "
            "find it, and that other threads cannot see.",
            "Create `_local = threading.local()` at module level, write "
            "`def _open(db_path): _local.connection = sqlite3.connect(db_path)`, pass "
            "`initializer=_open, initargs=(db_path,)` to ThreadPoolExecutor, and query "
            "`_local.connection` in the task.",
        ),
    ),
    Lesson(
        number=10,
        slug="cpu_bound_pool",
        title="Thread pool for CPU work",
        module="primes",
        concept="Thread vs process pools: the GIL lets only one thread run Python "
        "bytecode at a time, so CPU-bound work gains nothing from threads. "
        "ProcessPoolExecutor runs it in separate processes; the function it runs "
        "must be picklable (defined at the top level of a module).",
        hints=(
            "Counting primes never waits for I/O. How many threads can run Python "
            "code at the same moment?",
            "ProcessPoolExecutor has the same interface as ThreadPoolExecutor, but it "
            "sends the function to other processes by name (pickling).",
            "Use `ProcessPoolExecutor()` and move the nested `count` function to the "
            "top level of primes.py (a lambda or a nested function cannot be "
            "pickled).",
        ),
        # A check waits for worker processes at most process_probe.MAX_WAIT (20 s).
        check_timeout=30.0,
        seconds_per_repetition=6.0,
    ),
    Lesson(
        number=11,
        slug="asyncio_blocking",
        title="Executor vs asyncio",
        module="supportbot",
        concept="ThreadPoolExecutor vs asyncio: threads are switched pre-emptively, "
        "coroutines only at an `await`. A blocking call inside a coroutine holds the "
        "event loop's only thread and stalls every other task; hand it to a worker "
        "thread with `await asyncio.to_thread(...)` or `await loop.run_in_executor(...)`.",
        hints=(
            "While `lookup_status` runs, which thread is busy, and what else can the "
            "event loop do meanwhile?",
            "A coroutine gives the loop back only at an `await`. Run the blocking call "
            "in a worker thread and await its result. Hand over the function and its "
            "argument; do not call it yourself.",
            "`status = await asyncio.to_thread(lookup_status, order_id)` (or `await "
            "asyncio.get_running_loop().run_in_executor(None, lookup_status, "
            "order_id)`), and keep `asyncio.gather` in reply_all.",
        ),
    ),
    Lesson(
        number=12,
        slug="pool_starvation",
        title="Pool starvation deadlock",
        module="invoicing",
        concept="Pool starvation: a task that waits for sub-tasks queued in its own "
        "bounded pool holds a worker while it waits. Once every worker waits like "
        "that, the sub-tasks never run and the pool deadlocks. A worker must never "
        "block on work queued in its own pool: let the caller wait and combine, give "
        "the sub-tasks their own pool, or do the sub-work inline.",
        hints=(
            "With max_workers=2 and three orders, what are both workers doing while "
            "the price lookups sit in the queue?",
            "Waiting is fine; what matters is who waits. The thread that calls "
            "order_totals is not a pool worker, so it may call `.result()` safely. A "
            "task running on the pool may not wait for work queued in that pool.",
            "Submit `fetch_lines` for every order from order_totals, then, for each "
            "fetched order, submit its `unit_price` lookups from order_totals too, and "
            "sum the results there; no submitted task calls `.result()`.",
        ),
        seconds_per_repetition=8.0,
    ),
    Lesson(
        number=13,
        slug="backpressure",
        title="Backpressure",
        module="logloader",
        concept="Backpressure: submitting every item of a long input at once holds a "
        "task and a Future for each of them in memory. Bound the tasks in flight (a "
        "BoundedSemaphore released in a done-callback, or a window of futures and "
        "wait(..., return_when=FIRST_COMPLETED)) so that reading waits until a task "
        "finishes.",
        hints=(
            "The database is slow and the log is endless. How many lines has the stub "
            "read, and how many Futures does it hold, before the first write is done?",
            "Keep at most `max_in_flight` lines read and not yet stored. Before reading "
            "one more line, wait until one of their writes has finished.",
            "Keep a set `in_flight`; after each `pool.submit`, if `len(in_flight) >= "
            "max_in_flight`, do `done, in_flight = wait(in_flight, "
            "return_when=FIRST_COMPLETED)` and count `done`. (Or: "
            "`slots = threading.BoundedSemaphore(max_in_flight)`, `slots.acquire()` "
            "before reading each line with `next(source, END)`, then submit it and "
            "`future.add_done_callback(lambda f: slots.release())`.)",
        ),
    ),
    Lesson(
        number=14,
        slug="cancellation",
        title="Cancellation and shutdown",
        module="shardsearch",
        concept="Cancellation: a task still waiting in the pool's queue can be "
        "cancelled (Future.cancel(), or executor.shutdown(cancel_futures=True)) and "
        "then never runs; a running one cannot. Leaving a `with ThreadPoolExecutor` "
        "block calls shutdown(wait=True), which runs every queued task first.",
        hints=(
            "When the order is found, most searches are still waiting in the pool's "
            "queue. What does leaving the `with` block do with them?",
            "A queued task can be cancelled through its Future, or all at once when "
            "the executor shuts down. Make that happen on the hit and on an error "
            "alike.",
            "Create the pool without `with`, and put `pool.shutdown(wait=True, "
            "cancel_futures=True)` in a `finally:` around the submit/as_completed "
            "loop (or call `f.cancel()` on every future before leaving the `with` "
            "block).",
        ),
    ),
)


def lesson_named(name: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.name == name:
            return lesson
    raise KeyError(name)
