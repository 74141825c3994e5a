"""Checks for lesson 10: CPU-bound work must run in several processes at once.

How many at once is counted, not timed: one worker process per core the grader may use
(at least two, at most one per limit) must meet at a barrier, as the reference's pool
of the default size does. (An earlier check timed count_all against the reference in
fresh processes; it cost 1.5 s per grading, caught nothing the barrier misses, and a
correct pool with its own spawn context came within 10% of its threshold.)

They hold under every multiprocessing start method (fork, forkserver, spawn), whichever
the interpreter uses by default or the learner's code picks with `mp_context=`. On a
free-threaded build (no GIL) threads can run CPU-bound code in parallel too; the lesson
still asks for processes, and the messages say why without claiming a GIL that is off."""

import os
import random
from multiprocessing import Manager

import pytest

from kata import host
from kata.plugin import RUN
from kata.process_probe import Holdback, HeldInt, Probe, ProbeInt
from kata.teach import explain


def primes_below(limit):
    """The check's own count, by a sieve, to compare results with."""
    if limit < 3:
        return 0
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\x00\x00"
    for number in range(2, int(limit**0.5) + 1):
        if sieve[number]:
            sieve[number * number :: number] = bytes(len(range(number * number, limit, number)))
    return sum(sieve)


def counted(learner, limits, shown=None):
    """learner.count_all(limits) as a list; an exception it raises is explained."""
    try:
        return list(learner.count_all(limits))
    except Exception as error:
        explain(f"count_all({shown or limits}) raised {type(error).__name__}. It must return "
                "the counts for any list of limits, an empty one included (a pool needs at "
                "least one worker, however few limits there are).",
                expected=repr([primes_below(limit) for limit in limits]),
                got=f"{type(error).__name__}: {error}")


def explain_wrong_counts(limits, expected, got):
    explain("count_all returned wrong counts (or in the wrong order).",
            expected=f"{expected} for limits {limits}", got=repr(got))


# Each worker process costs 60-100 ms to start under spawn and forkserver, and a check's
# run is the same in every repetition where its inputs are fixed and the barrier forces
# what it looks at: those two run once a grading (the soak of the corpus runs them in
# every repetition). The order check draws new limits each repetition.
@pytest.mark.once
def check_counts_are_right(learner):
    """count_all returns the right count for every limit, in input order (an empty list too)"""
    limits = [1000, 10, 2, 5000, 100]
    expected = [primes_below(limit) for limit in limits]
    got = counted(learner, limits)
    if got != expected:
        explain_wrong_counts(limits, expected, got)
    got = counted(learner, [])
    if got != []:
        explain("count_all([]) must return [] (no limits, no counts).", expected="[]", got=repr(got))


WHY_PROCESSES = ("Because of the GIL only one thread runs Python code at a time, so four "
                 "CPU-bound tasks on a thread pool take as long as a plain loop.")
WHY_PROCESSES_WITHOUT_GIL = (
    "This interpreter is a free-threaded build running without the GIL, so here threads "
    "can share CPU-bound work; most Python installations still have the GIL, where they "
    "cannot. This exercise is about processes: each worker has its own interpreter and "
    "memory, so the work scales on every Python, and a worker that crashes does not "
    "bring your program down with it.")


def processes_at_once(limits):
    """How many worker processes must run at the same time: one per usable core, at
    least two, at most one per limit (a pool's default size is the number of cores)."""
    return max(2, min(len(limits), host.usable_cpus()))


@pytest.fixture(scope="session")
def manager():
    """One Manager process for the whole grading, each check making its own objects on
    it: starting one costs 0.1-0.2 s under spawn, twice per repetition otherwise."""
    with Manager() as shared:
        yield shared


@pytest.mark.once
def check_work_runs_in_several_processes_at_once(learner, manager):
    """After a call with one limit, the work reaches as many worker processes at once as there are cores (2 to 4)"""
    # A call with a single limit first: a pool kept from one call to the next, sized for
    # the first call's limits, must not decide how many processes the next call gets.
    first_probe = Probe(manager, parties=1)
    first = counted(learner, [ProbeInt(100, first_probe)], shown=[100])
    if first != [primes_below(100)]:
        explain_wrong_counts([100], [primes_below(100)], first)
    first_workers = set(first_probe.arrivals()) - {os.getpid()}
    limits = [3000, 3001, 3002, 3003]
    parties = processes_at_once(limits)
    probe = Probe(manager, parties)
    numbers = [ProbeInt(limit, probe) for limit in limits]
    probe.start()
    got = learner.count_all(numbers)
    arrivals, meetings, waited = probe.arrivals(), list(probe.meetings), probe.longest_wait()
    workers = set(arrivals) - {os.getpid()}
    if not workers:
        explain(
            "All the work ran inside the grading process itself: in threads. "
            + (WHY_PROCESSES if host.gil_enabled() else WHY_PROCESSES_WITHOUT_GIL),
            expected="the numbers sent to worker processes (ProcessPoolExecutor)",
            got="no worker process received any work",
        )
    if sum(met for _, met, _ in meetings) < parties:
        cores = f"this machine gives the grader {host.usable_cpus()} cores"
        if len(workers) < 2:
            happened = (f"never to two of them at the same time: the first worker waited "
                        f"{waited:.1f} s for a second one")
            advice = "Allow the pool more than one worker and hand out the tasks one by one."
        else:
            happened = (f"never to {parties} of them at the same time ({cores}, and there were "
                        f"{len(limits)} limits): the first workers waited {waited:.1f} s for the rest")
            advice = ("Let the pool have a worker per core (ProcessPoolExecutor() does by "
                      "default) and hand out the tasks one by one.")
        if workers & first_workers:
            advice += (" The process that counted the single limit of the call just before "
                       "(count_all([100])) served this call too: your pool was kept from that "
                       "call, with the size it got then. Give it the machine's size "
                       "(ProcessPoolExecutor() by default), or make the pool in each call.")
        explain(
            f"The work went to worker processes, but {happened} (ten times as long as your "
            f"pool took to start the first task, at least 1 s) and none came. {advice}",
            expected=f"{parties} worker processes running at once",
            got=f"process ids that received work: {sorted(workers)}",
        )
    if list(got) != [primes_below(limit) for limit in limits]:
        explain("count_all returned wrong counts when run in worker processes.", got=repr(got))


def limits_with_distinct_counts(rng, count):
    """`count` limits below 3000 whose prime counts all differ."""
    limits, counts = [], set()
    while len(limits) < count:
        limit = rng.randint(20, 3000)
        count_of_limit = primes_below(limit)
        if count_of_limit not in counts:
            limits.append(limit)
            counts.add(count_of_limit)
    return limits


# A pool that never runs two tasks at once fails the check above, and one where no
# worker takes two tasks (as many workers as limits) keeps the held task waiting for
# the whole patience here: after a failure above, this check would only delay the verdict.
@pytest.mark.needs_passing("check_counts_are_right", "check_work_runs_in_several_processes_at_once")
def check_counts_keep_input_order_when_later_limits_finish_first(learner, manager):
    """count_all returns the counts in input order even when later limits finish first"""
    rng = random.Random(RUN.repetition)
    # More limits than any default pool has workers, so some worker takes two tasks.
    limits = limits_with_distinct_counts(rng, (os.cpu_count() or 1) + rng.randint(2, 4))
    expected = [primes_below(limit) for limit in limits]
    holdback = Holdback(manager)
    numbers = [HeldInt(limit, holdback, hold=(index == 0)) for index, limit in enumerate(limits)]
    holdback.start()
    got = counted(learner, numbers, shown=limits)
    overtaken = holdback.overtaken()
    if got == expected:
        return
    if sorted(got) == sorted(expected) and overtaken:
        explain(
            "count_all returned the right counts in the wrong order: the order the tasks "
            f"finished in. In this run the task of the first limit ({limits[0]}) was held "
            "in its worker process until another limit had been counted, as happens "
            "whenever tasks take different times. Results taken as they complete "
            "(as_completed, callbacks) come in finishing order; pool.map, or the futures "
            "read in the order they were submitted, keep the order of the limits.",
            expected=f"{expected} for limits {limits}", got=repr(got))
    explain_wrong_counts(limits, expected, got)
