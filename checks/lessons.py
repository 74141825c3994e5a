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
        check_timeout=60.0,
        seconds_per_repetition=15.0,
    ),
)


def lesson_named(name: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.name == name:
            return lesson
    raise KeyError(name)
