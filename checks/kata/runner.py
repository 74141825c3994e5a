"""Grade one lesson in its own subprocess and decide its verdict from trusted records.

The subprocess gets a hard wall-clock limit that kills its whole process group (pool
workers and anything the learner forked included). The verdict comes only from the
records the guard in the subprocess signed with this run's key (kata.guard), checked
against the plan of expected checks: a check counts as passed only when each of its
repetitions was seen passing. pytest's exit status is ignored. A submission that
reaches into the grader (kata.static_scan before the run, kata.guard during it) is
TAMPERED: 0 points, whatever its checks said.
"""

import compileall
import functools
import json
import math
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kata import guard, host, pristine, static_scan
from kata.child import READY_LINE

CHECKS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = CHECKS_DIR.parent
CHILD = Path(__file__).with_name("child.py")
GRADING_INI = Path(__file__).with_name("grading.ini")
OUTPUT_KEPT = 8 * 1024  # bytes of the learner's printed output kept for the report

PASS, FAIL, TIMEOUT, ERROR, NOT_STARTED = "PASS", "FAIL", "TIMEOUT", "ERROR", "NOT STARTED"
TAMPERED = "TAMPERED"
TAMPERED_ADVICE = ("A submission that reaches into the grader gets 0 points for the lesson, whatever "
                   "its checks would say. Fix the exercise itself and grade it again.")


@dataclass
class CheckResult:
    name: str
    title: str
    expected_items: int
    outcomes: list = field(default_factory=list)  # records: item, repetition, result, message

    @property
    def passed(self) -> bool:
        """Every repetition seen, and each one passed or was skipped by the check
        itself (a check that does not apply on this machine; the note is reported)."""
        results = [outcome["result"] for outcome in self.outcomes]
        return len(results) == self.expected_items and set(results) <= {"passed", "skipped"}

    @property
    def held_so_far(self) -> bool:
        """Seen passing, and never failing, in the repetitions that ran."""
        results = {outcome["result"] for outcome in self.outcomes}
        return "passed" in results and results <= {"passed", "skipped"}


@dataclass
class LessonResult:
    lesson: object
    status: str
    message: str  # what a learner should read first; empty on PASS
    checks: list
    seconds: float
    output: str = ""  # the start of what the learner's code printed
    output_bytes: int = 0

    @property
    def checks_passed(self) -> int:
        """The count a report shows: on a PASS every check passed every repetition;
        otherwise the grading ends with the repetition that failed, and a check counts
        if it was seen passing and never failing."""
        return sum(check.passed or check.held_so_far for check in self.checks)

    def failing_repetitions(self) -> set:
        return {outcome["repetition"] for check in self.checks for outcome in check.outcomes
                if outcome["result"] not in ("passed", "skipped")}

    @property
    def skip_notes(self) -> list:
        return sorted({outcome["message"] for check in self.checks for outcome in check.outcomes
                       if outcome["result"] == "skipped"})

    @property
    def points(self) -> int:
        return self.lesson.points if self.status == PASS else 0


@functools.cache
def compile_the_grader():
    """Write the bytecode of the grader's own modules, once per process. The grading
    process writes none (the learner's folders stay clean), so without this every
    grading compiled the scheduler's 4,000 lines and the lesson's checks again (pytest
    imports those without rewriting their asserts: see grading.ini). A read-only copy
    is fine; so is PYTHONDONTWRITEBYTECODE, which is respected."""
    if sys.dont_write_bytecode:
        return
    compileall.compile_dir(CHECKS_DIR / "kata", quiet=2)
    for path in [CHECKS_DIR / "lessons.py", *sorted(CHECKS_DIR.glob("*/check_*.py"))]:
        compileall.compile_file(path, quiet=2)


def grade_lesson(lesson, target, *, count=5, every_repetition=False, reference=None, python=None,
                 time_limit=None, start_method=None, static_scan_first=True, abandon=None, processes=1):
    """Run the lesson's checks against `target/<lesson>/` and return its verdict.
    `start_method` (fork, forkserver, spawn) forces the multiprocessing start method
    for the whole grading process; by default the interpreter's own is used.
    `abandon`: a threading.Event; once it is set the grading process is killed (the
    caller was interrupted and will not read the verdict).
    `processes`: how many grading processes share the lesson's checks (each claims
    checks as it goes; see kata.plugin), for a CPU that would otherwise sit idle
    (processes_per_grading). The verdict is the one a single process would give (see
    merged). With `every_repetition` it is always one: there each repetition runs up
    to its own first failure, in plan order.
    (`static_scan_first=False` is for the project's tests of the guard alone.)"""
    target = Path(target).resolve()
    if python is None:
        compile_the_grader()
    reference = Path(reference or REPO_DIR / "solutions").resolve()
    time_limit = time_limit or hard_time_limit(lesson, count)
    processes = 1 if every_repetition else max(1, processes)
    started = time.monotonic()
    findings = static_scan.findings(target / lesson.name) if static_scan_first else []
    if findings:
        message = ("Your code reaches into the grader, which exercise code never needs:\n"
                   + "\n".join(f"  {finding}" for finding in findings) + "\n" + TAMPERED_ADVICE)
        return LessonResult(lesson, TAMPERED, message, [], time.monotonic() - started)
    # A killed process may still hold a file there for a moment (Windows refuses to delete
    # open files): never let the clean-up turn a verdict into a crash.
    with tempfile.TemporaryDirectory(prefix="kata-", ignore_cleanup_errors=True) as workdir:
        timer = host.CheckTimer(lesson.check_timeout)
        pytest_args = [
            "-c", str(GRADING_INI), "--rootdir", str(CHECKS_DIR), "--confcutdir", str(CHECKS_DIR),
            "-p", "no:cacheprovider", "-p", "pytest_timeout", "-p", "pytest_repeat",
            # --tb=no: the verdict is in the records, and pytest's own tracebacks
            # parse the source with ast, which on 3.11 can raise SystemError
            # (gh-106905) while the learner's threads still run: an INTERNALERROR
            # that ended the grading after one repetition.
            "-q", "-s", "--no-header", "-rN", "--tb=no",
            "--timeout", f"{timer.pytest_timeout:g}", "-o", f"timeout_method={timer.method}",
            "--count", str(count), "--repeat-scope", "session",
            "--kata-lesson", lesson.name, "--kata-target", str(target),
            "--kata-reference", str(reference), "--kata-check-timeout", f"{lesson.check_timeout:g}",
            *(["--kata-every-repetition"] if every_repetition else []),
        ]
        if processes > 1:
            claims = Path(workdir) / "claims"
            claims.mkdir()
            pytest_args += ["--kata-claims", str(claims)]
            costliest_first = sorted(_check_seconds.get(lesson.name, {}).items(), key=lambda cost: -cost[1])
            if costliest_first:
                pytest_args += ["--kata-claim-order", ",".join(name for name, _seconds in costliest_first)]
        jobs = []
        for index in range(processes):
            key = secrets.token_bytes(guard.KEY_BYTES)
            results_file = Path(workdir) / f"results-{secrets.token_hex(8)}.jsonl"
            jobs.append((key, results_file, {
                "key": key.hex(), "cpu_seconds": math.ceil(2 * time_limit),  # 2 cores' worth
                "cwd": workdir, "results": str(results_file),
                "args": pytest_args + (["--kata-backwards"] if index % 2 else []) + [str(CHECKS_DIR / lesson.name)],
            }))

        def run(job):
            return run_isolated(python or sys.executable, job, time_limit=time_limit,
                                start_method=start_method, abandon=abandon)

        if processes == 1:
            runs = [run(jobs[0][2])]
        else:
            with ThreadPoolExecutor(max_workers=processes) as pool:
                runs = list(pool.map(run, [job for _key, _file, job in jobs]))
        # The next grading's processes start now, not beside this one's: their start-up
        # would take CPU from it.
        _kept_ready.top_up(python or sys.executable, grading_environment(start_method), processes)
        gradings = [(read_records(results_file, key), process_run)
                    for (key, results_file, _job), process_run in zip(jobs, runs)]
    records, process_run = merged(gradings)
    result = verdict(lesson, records, process_run, time_limit)
    remember_costs(lesson, records)
    result.seconds = time.monotonic() - started
    if result.status not in (PASS, TAMPERED) and pristine.is_pristine(lesson, target):
        result.status = NOT_STARTED
    return result


# Lesson name -> {check name: seconds its repetitions took in the lesson's last grading
# in this process}: the order in which the next grading's processes claim them.
_check_seconds = {}


def remember_costs(lesson, records):
    seconds = {}
    for record in records:
        if record["kind"] == "outcome" and isinstance(record.get("seconds"), (int, float)):
            seconds[record["check"]] = seconds.get(record["check"], 0) + record["seconds"]
    if seconds:
        _check_seconds[lesson.name] = seconds


def merged(gradings):
    """(records, ProcessRun) of a lesson graded by several processes, as one process
    would have given them: the plans must agree, the other records are put together,
    and the outcomes one process would not have reached are dropped: those after the
    first repetition that failed (a process may have run on before it saw another's
    failure) and, in that repetition, those of checks after the first one stuck or
    broken, in plan order. The run: killed if any was; ended normally only if every
    one did."""
    if len(gradings) == 1:
        return gradings[0]
    all_records = [record for records, _run in gradings for record in records]
    runs = [run for _records, run in gradings]
    run = ProcessRun(
        returncode=next((run.returncode for run in runs if run.returncode), 0),
        killed=any(run.killed for run in runs),
        output="".join(run.output for run in runs)[:OUTPUT_KEPT],
        output_bytes=sum(run.output_bytes for run in runs),
    )
    if any(record["kind"] == "tampered" for record in all_records):
        return all_records, run
    plans = [[record for record in records if record["kind"] == "plan"] for records, _run in gradings]
    for (records, _run), plan in zip(gradings, plans):
        if not plan:
            return records, run  # one never started its checks: that is the verdict
    if any(plan[0]["checks"] != plans[0][0]["checks"] for plan in plans):
        return [{"kind": "disagreement"}], run
    outcomes = [record for record in all_records if record["kind"] == "outcome"]
    cut = min((outcome["repetition"] for outcome in outcomes if outcome["result"] not in ("passed", "skipped")),
              default=math.inf)
    position = {entry["name"]: index for index, entry in enumerate(plans[0][0]["checks"])}
    stopped_after = min((position.get(outcome["check"], math.inf) for outcome in outcomes
                         if outcome["repetition"] == cut and outcome["result"] in ("timeout", "broken")),
                        default=math.inf)

    def reached(outcome):
        return outcome["repetition"] < cut or (
            outcome["repetition"] == cut and position.get(outcome["check"], math.inf) <= stopped_after)

    records = [plans[0][0]]
    # A killed process's records last: its last "start" names the check it was stuck in.
    for records_of_one, _run in sorted(gradings, key=lambda grading: grading[1].killed):
        records += [record for record in records_of_one if record["kind"] in ("start", "end")
                    or (record["kind"] == "outcome" and reached(record))]
    ended = all(any(record["kind"] == "end" for record in records_of_one) for records_of_one, _run in gradings)
    records = [record for record in records if record["kind"] != "end"] + ([{"kind": "end"}] if ended else [])
    return records, run


def processes_per_grading(gradings_at_once=1):
    """How many processes may share each of `gradings_at_once` gradings: the usable
    CPUs left to each, at most two. A lesson's checks are few and one of them is
    often half its time; a third process would mostly wait for it."""
    return max(1, min(2, host.usable_cpus() // max(1, gradings_at_once)))


@contextmanager
def side_by_side(jobs):
    """A pool that runs `jobs` gradings at a time (each grading is a process of its own).
    Yields (submit, abandon): pass `abandon` to grade_lesson. Leaving the block by an
    exception (Ctrl-C reaches this process, not the gradings' process groups) sets it,
    which kills the gradings in progress, and starts no other."""
    pool, abandon = ThreadPoolExecutor(max_workers=jobs), threading.Event()
    try:
        yield pool.submit, abandon
    except BaseException:
        abandon.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def hard_time_limit(lesson, count):
    return 30 + lesson.check_timeout + lesson.seconds_per_repetition * count


@dataclass
class ProcessRun:
    returncode: int
    killed: bool
    output: str
    output_bytes: int


def grading_environment(start_method=None):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "PYTHON"))}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if start_method:
        env[host.START_METHOD_VARIABLE] = start_method
    return env


def run_isolated(python, job, *, time_limit, start_method=None, abandon=None) -> ProcessRun:
    """Run the grading process (kata/child.py) on `job` until it ends, or at most
    `time_limit` seconds; kill whatever it leaves behind."""
    env = grading_environment(start_method)
    process = _kept_ready.take(python, env) or start_grading_process(python, env)
    try:
        process.stdin.write(json.dumps(job).encode() + b"\n")
        process.stdin.close()
    except OSError:
        pass  # the child is already gone; its verdict says so
    kept, total = bytearray(), [0]

    def drain():  # read everything so a flood of prints can never block the child
        process.ready.wait()
        kept.extend(process.first_line)
        total[0] += len(process.first_line)
        for chunk in iter(lambda: process.stdout.read1(65536), b""):
            total[0] += len(chunk)
            if len(kept) < OUTPUT_KEPT:
                kept.extend(chunk[: OUTPUT_KEPT - len(kept)])

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        killed = not ended_within(process, time_limit, abandon)
    finally:
        host.kill_process_tree(process)  # leftover pool workers too, even after a clean exit
        process.wait()
    reader.join(timeout=5)
    return ProcessRun(process.returncode, killed, kept.decode(errors="replace"), total[0])


def start_grading_process(python, env):
    """A grading process, importing pytest and the harness, then waiting for its job.
    Its `ready` event is set once it says so (or ends): see READY_LINE."""
    process = host.start_process_tree(
        [python, "-I", str(CHILD)], cwd=tempfile.gettempdir(), env=env, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    process.ready, process.first_line = threading.Event(), b""

    def wait_for_ready_line():
        line = process.stdout.readline()
        process.first_line = b"" if line == READY_LINE else line
        process.ready.set()

    threading.Thread(target=wait_for_ready_line, daemon=True).start()
    return process


class _ProcessesKeptReady:
    """Grading processes started ahead of time, as many per (interpreter, environment)
    as the last grading used, while processes_kept_ready() is active. Each imports
    pytest and the harness and waits for its job on stdin (kata/child.py); it serves
    one grading only."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users = 0
        self._ready = {}  # (python, environment) -> processes

    def take(self, python, env):
        with self._lock:
            ready = self._ready.get(self._key(python, env))
            process = ready.pop(0) if ready else None
        if process is not None and process.poll() is not None:
            return None  # it died waiting (killed from outside): start a fresh one
        return process

    def top_up(self, python, env, count):
        """Have `count` processes ready (a grading may use several)."""
        with self._lock:
            if not self._users:
                return
            ready = self._ready.setdefault(self._key(python, env), [])
            while len(ready) < count:
                ready.append(start_grading_process(python, env))

    def wait_until_ready(self, timeout=30):
        """Wait until every kept process has started up (a learner's edit in watch mode)."""
        with self._lock:
            waiting = [process for ready in self._ready.values() for process in ready]
        for process in waiting:
            process.ready.wait(timeout)

    def use(self):
        with self._lock:
            self._users += 1

    def stop_using(self):
        with self._lock:
            self._users -= 1
            if self._users:
                return
            leftovers = [process for ready in self._ready.values() for process in ready]
            self._ready = {}
        for process in leftovers:
            host.kill_process_tree(process)
            process.wait()

    @staticmethod
    def _key(python, env):
        return python, tuple(sorted(env.items()))


_kept_ready = _ProcessesKeptReady()


@contextmanager
def processes_kept_ready():
    """Inside the block, every grading, once it is over, starts the processes of the
    next one (same interpreter and settings): Python's and pytest's start-up, about
    0.2 s of every verdict, then happens while the learner edits (watch mode).
    Yields a function that waits until they are ready (a benchmark's stand-in for
    the learner's edit). Processes left over are killed when the block ends; one
    whose runner dies sees its stdin close and exits."""
    _kept_ready.use()
    try:
        yield _kept_ready.wait_until_ready
    finally:
        _kept_ready.stop_using()


def ended_within(process, seconds, abandon=None) -> bool:
    """Whether `process` ended within `seconds` (and before `abandon` was set). It looks
    every 5 ms: Popen.wait(timeout) backs off to 50 ms between looks, about 25 ms added
    to every verdict on average."""
    deadline = time.monotonic() + seconds
    while process.poll() is None:
        if time.monotonic() > deadline or (abandon is not None and abandon.is_set()):
            return False
        time.sleep(0.005)
    return True


def read_records(path: Path, key: bytes) -> list:
    """The records the guard signed with `key`, in order. A line it did not sign, or a
    record missing from or repeated in its numbering, becomes a "tampered" record:
    only learner code writes such things. A last line cut short is the trace of a
    process killed mid-write, and is ignored."""
    if not path.exists():
        return []
    *lines, unfinished = path.read_text(errors="replace").split("\n")
    records = []
    for line in lines:
        record = guard.verify_line(key, line)
        if record is None:
            return records + [tampered("a line in the grader's results was not written by the grader")]
        if record.get("seq") != len(records):
            return records + [tampered("records of the grader were removed, repeated or reordered")]
        records.append(record)
    return records


def tampered(reason):
    return {"kind": "tampered", "reason": reason}


def verdict(lesson, records, run: ProcessRun, time_limit) -> LessonResult:
    def result(status, message, checks=()):
        return LessonResult(lesson, status, message, list(checks), 0.0, run.output, run.output_bytes)

    for record in records:
        if record["kind"] == "tampered":
            return result(TAMPERED, f"Your code reached into the grader: {record['reason']}.\n{TAMPERED_ADVICE}")
        if record["kind"] == "disagreement":
            return result(ERROR, "The grading processes of this lesson planned different checks: a fault "
                                 "of the grader, not of your code. Grade the lesson again.")
    plans = [record for record in records if record["kind"] == "plan"]
    if not plans:
        if run.killed:
            return result(TIMEOUT, f"Grading stopped after {time_limit:g} s before any check started.")
        return result(ERROR, "The checks never started: the grading process ended early "
                             f"(exit status {run.returncode}).")
    checks = {entry["name"]: CheckResult(entry["name"], entry["title"], entry["items"])
              for entry in plans[0]["checks"]}
    running = None
    for record in records:
        if record["kind"] == "outcome" and record["check"] in checks:
            checks[record["check"]].outcomes.append(record)
        if record["kind"] == "start":
            running = record["check"]
    finished = any(record["kind"] == "end" for record in records)

    for kind, status in (("broken", ERROR), ("timeout", TIMEOUT), ("failed", FAIL)):
        for check in checks.values():
            for outcome in check.outcomes:
                if outcome["result"] == kind:
                    return result(status, f'Check "{check.title}":\n{outcome["message"]}', checks.values())
    if run.killed:
        return result(TIMEOUT, f"Grading was stopped after {time_limit:g} s"
                               + (f', during check "{checks[running].title}".' if running else ".")
                               + " Your code is stuck: a deadlock or an endless loop.", checks.values())
    if not finished:
        return result(ERROR, "The grading process ended abruptly"
                             + (f', during check "{checks[running].title}"' if running else "")
                             + ": your code ended the process (os._exit?) or crashed the interpreter.",
                      checks.values())
    seen_passing = any(outcome["result"] == "passed" for check in checks.values() for outcome in check.outcomes)
    if checks and seen_passing and all(check.passed for check in checks.values()):
        return result(PASS, "", checks.values())
    missing = [check.title for check in checks.values() if not check.passed]
    return result(ERROR, "Some checks were never seen passing: " + "; ".join(missing or ["(no checks)"]),
                  checks.values())
