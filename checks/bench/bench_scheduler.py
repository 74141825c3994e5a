"""Benchmark of kata.scheduler on the sample learner modules (not a test).

    python checks/bench/bench_scheduler.py [--runs 100] [--only NAME ...]

For each case it runs explore() `--runs` times with the default options (seed 0,
up to 2 preemptions, 300 random schedules, 1.5 s time budget) and prints: the
outcome counts (every run must give the expected verdict), the mean number of
schedules explored, the mean and worst time until the first failing schedule was
seen, and the mean and worst time of the whole explore() call (for passing code:
the time to a full pass). Exit status 1 if any run gave another verdict or took
2 s or more.

Measured 2026-11-24 on the project's machine kind (2 cores, shared with other
work), 100 runs per case, one interpreter at a time: every case gave its expected
verdict 100/100 times on every interpreter, and no explore() call took 2 s (the
slowest: 484 ms, the 3-thread mailbox on 3.10). `sched` is the mean number of
schedules explored (the same on every interpreter: the search is deterministic);
each interpreter column shows, in ms, "first failure mean/max  explore
mean/max" for failing code and "-  explore mean/max" (time to a full pass:
the bounded systematic search plus 300 random schedules) for correct code.

  case                 verdict   sched           3.10.13            3.11.7            3.12.1            3.13.0
  racy_counter         fail          6          1/9 2/10           1/8 2/9           1/2 2/9         4/11 5/25
  global_counter       fail          6           1/7 2/8           1/8 2/9           1/1 2/2         4/11 5/12
  new_lock_per_call    fail         12          3/9 5/14         3/10 5/14           2/2 3/6         5/13 7/15
  lock_read_only       fail         10           2/6 4/8          2/7 4/10           2/2 3/5         3/11 5/15
  check_then_act       fail         16          3/9 7/15          3/8 6/13           2/3 5/6         4/13 7/17
  raises (KeyError)    fail          4           1/8 2/9           1/7 2/8           1/3 2/4           1/1 2/2
  self_deadlock        deadlock      1           2/6 4/8          2/9 5/11           2/3 4/5        7/14 10/17
  lock_order           deadlock     18         3/6 10/20        4/10 11/22          3/8 9/16        7/14 13/21
  event_never_set      deadlock      1           2/4 4/8          3/9 6/13          3/9 6/12         4/12 8/17
  lock_per_instance    pass        324          - 69/150           - 50/88           - 35/62           - 48/67
  module_lock          pass        324           - 59/98           - 47/86           - 34/77           - 37/60
  rlock                pass        342          - 93/129          - 88/136          - 56/103          - 58/121
  try_finally          pass        324          - 74/151           - 72/94           - 44/76           - 38/99
  semaphore_event      pass        324          - 94/146         - 102/132           - 44/93           - 44/82
  withdraw_locked      pass        330          - 84/142           - 76/99           - 36/71           - 45/69
  mailbox_2_threads    pass        328         - 104/217         - 104/135          - 51/121           - 50/96
  mailbox_3_threads    pass        522         - 306/484         - 317/457         - 131/219         - 121/180
  event_publication    pass        309          - 65/118           - 64/86           - 37/92           - 36/63

Passing code costs 30-320 ms per check, nearly all of it the 300 random
schedules after the complete systematic search (9-222 schedules). For failing
code the search stops after 1-18 schedules (it finishes the preemption level of
the first failure to report the shortest interleaving, then re-runs that one to
record the trace); the first failure is seen after 1-7 ms on average.
mailbox_3_threads uses max_preemptions=1 (three threads); every other case uses
the defaults.

Threads and pools the code starts (added 2026-11-28, 10 runs per case, same
machine kind, load ~4): the pool cases use count_every_switch with a bound of 60
schedules, as the lessons' pool checks do ("inconclusive" = nothing failed in the
bound); actor and sleep_5_s use the defaults (actor: max_preemptions=1).

  case                 verdict       sched           3.10.13            3.11.7            3.12.1            3.13.0
  uses_pool (racy)     fail             26         44/57 71/84       35/70 58/93       25/56 37/65       22/37 32/50
  pool_locked          inconclusive     60          - 177/207         - 191/296           - 63/99          - 59/102
  starving_pool        deadlock          1          7/12 12/21        7/17 13/27          4/8 8/13        11/62 20/73
  actor                pass        562-648       - 1441/1556       - 1320/1514       - 1000/1135         - 683/774
  sleep_5_s            pass            309         - 205/319         - 159/222         - 144/232         - 114/155

A schedule with a pool costs 1-3 ms (each hand-over between threads wakes an OS
thread; settrace on 3.10/3.11 costs the rest). sleep_5_s sleeps 5 s and waits up
to 30 s in every one of its 309 schedules, on the virtual clock.
"""

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

CHECKS_DIR = Path(__file__).resolve().parents[1]
SAMPLES_DIR = CHECKS_DIR / "selftest" / "scheduler_samples"
sys.path[:0] = [str(CHECKS_DIR), str(SAMPLES_DIR)]

from kata.scheduler import cooperative_threading, explore  # noqa: E402

LIMIT_SECONDS = 2.0


def load(name):
    with cooperative_threading():
        return importlib.import_module(f"sample_{name}")


def counter_case(sample, expected):
    module = load(sample)

    def run():
        return explore(module.Counter, [lambda c: c.add()] * 2,
                       lambda c: None if c.value == 2 else f"expected 2, got {c.value}", watch=[module])

    return sample, expected, run


def withdraw_case(sample, expected):
    module = load(sample)

    def run():
        return explore(lambda: module.Account(100), [lambda a: a.withdraw(80)] * 2,
                       lambda a: None if a.balance >= 0 else f"balance {a.balance}", watch=[module])

    return sample, expected, run


def global_counter_case():
    module = load("global_counter")

    def reset():
        module.count = 0

    def run():
        return explore(reset, [lambda _: module.add()] * 2,
                       lambda _: None if module.count == 2 else f"count {module.count}", watch=[module])

    return "global_counter", "fail", run


def raises_case():
    module = load("raises")
    return "raises (KeyError)", "fail", lambda: explore(module.Cache, [lambda c: c.evict("a")] * 2,
                                                        watch=[module])


def lock_order_case():
    module = load("lock_order")

    def run():
        return explore(lambda: (module.Account(100), module.Account(100)),
                       [lambda p: module.transfer(p[0], p[1], 10), lambda p: module.transfer(p[1], p[0], 10)],
                       watch=[module])

    return "lock_order", "deadlock", run


def event_never_set_case():
    module = load("waits")
    return "event_never_set", "deadlock", lambda: explore(
        module.Desk, [lambda d: d.hold_until_done(), lambda d: d.take_then_finish()], watch=[module])


def mailbox_case(threads):
    module = load("mailbox")
    if threads == 2:
        bodies, check, options = [lambda m: m.put(1), lambda m: m.take()], \
            (lambda m, r: r[1] == 1), {}
    else:
        bodies = [lambda m: m.put(1), lambda m: m.put(2), lambda m: sorted([m.take(), m.take()])]
        check, options = (lambda m, r: r[2] == [1, 2]), {"max_preemptions": 1}
    return f"mailbox_{threads}_threads", "pass", lambda: explore(module.Mailbox, bodies, check,
                                                                 watch=[module], **options)


def publication_case():
    module = load("semaphore_event")
    return "event_publication", "pass", lambda: explore(
        module.Publication, [lambda p: p.read(), lambda p: p.publish(1)],
        lambda p, r: r[0] == 1, watch=[module])


# Code that starts threads and pools (their workers are controlled threads too);
# count_every_switch and a schedule bound, as the pool checks of the lessons use.
POOL_OPTIONS = {"count_every_switch": True, "max_schedules": 60, "random_schedules": 0}


def racy_pool_case():
    module = load("uses_pool")
    return "uses_pool (racy)", "fail", lambda: explore(
        module.Counter, [lambda c: c.add()] * 2,
        lambda c: None if c.value == 2 else f"expected 2, got {c.value}", watch=[module], **POOL_OPTIONS)


def locked_pool_case():
    module = load("pool_locked")
    # "inconclusive" here means: no failure in the first 60 schedules (the bound).
    return "pool_locked", "inconclusive", lambda: explore(
        module.Counter, [lambda c: c.add_with_map(3)],
        lambda c, r: r[0] == 3 and c.value == 3, watch=[module], **POOL_OPTIONS)


def starving_pool_case():
    module = load("starving_pool")
    return "starving_pool", "deadlock", lambda: explore(
        lambda: None, [lambda _: module.totals([["a", "bb"], ["ccc"]], workers=2)], watch=[module],
        **POOL_OPTIONS)


def actor_case():
    module = load("actor")
    return "actor", "pass", lambda: explore(
        lambda: module.Account(100), [lambda a: a.withdraw(80)] * 2,
        lambda a, r: sorted(r) == [False, True] and a.balance() == 20, watch=[module],
        max_preemptions=1)


def patient_case():
    module = load("patient")
    return "sleep_5_s", "pass", lambda: explore(
        module.Courier, [lambda c: c.deliver_after(5), lambda c: c.wait_for_delivery(30)],
        lambda c, r: r[1] == (True, 5.0), watch=[module])


def cases():
    return [
        counter_case("racy_counter", "fail"),
        global_counter_case(),
        counter_case("new_lock_per_call", "fail"),
        counter_case("lock_read_only", "fail"),
        withdraw_case("check_then_act", "fail"),
        raises_case(),
        counter_case("self_deadlock", "deadlock"),
        lock_order_case(),
        event_never_set_case(),
        counter_case("lock_per_instance", "pass"),
        counter_case("module_lock", "pass"),
        counter_case("rlock", "pass"),
        counter_case("try_finally", "pass"),
        counter_case("semaphore_event", "pass"),
        withdraw_case("withdraw_locked", "pass"),
        mailbox_case(2),
        mailbox_case(3),
        publication_case(),
        racy_pool_case(),
        locked_pool_case(),
        starving_pool_case(),
        actor_case(),
        patient_case(),
    ]


def measure(run, runs):
    statuses, schedules, totals, firsts = {}, [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        totals.append(time.perf_counter() - started)
        statuses[result.status] = statuses.get(result.status, 0) + 1
        schedules.append(result.schedules)
        if result.first_failure is not None:
            firsts.append(result.first_failure[1])
    return statuses, schedules, totals, firsts


def milliseconds(values):
    if not values:
        return "-"
    return f"{statistics.mean(values) * 1000:.0f}/{max(values) * 1000:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--only", nargs="*", default=None)
    options = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {options.runs} runs per case")
    print(f"{'case':<22} {'expected':<9} {'outcomes':<22} {'schedules':>9}  "
          f"{'first failure ms':>16}  {'explore ms':>10}")
    healthy = True
    for name, expected, run in cases():
        if options.only and not any(part in name for part in options.only):
            continue
        statuses, schedules, totals, firsts = measure(run, options.runs)
        outcome = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
        ok = statuses.get(expected) == options.runs and max(totals) < LIMIT_SECONDS
        healthy &= ok
        print(f"{name:<22} {expected:<9} {outcome:<22} {statistics.mean(schedules):>9.0f}  "
              f"{milliseconds(firsts):>16}  {milliseconds(totals):>10}{'' if ok else '  <-- NOT OK'}")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
