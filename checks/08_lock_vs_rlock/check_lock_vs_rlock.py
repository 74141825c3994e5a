"""Checks for lesson 08: a locked method that calls another locked method of the same
object must not deadlock, and the ledger must stay thread-safe after the fix.

Nothing here waits for luck or measures time:

* Locks created by the learner's file are `WatchedLock`s (Semaphores and Conditions
  are watched too, so that no correct protection is slowed down). A thread that asks, blocking,
  for a plain Lock it already holds can never get it: that is reported at once as a
  deadlock, with the place where the lock was taken and the place where it was asked
  for again. A thread stuck any other way is caught by a guard (GUARD seconds, which
  only stuck code ever reaches) and shown with `sys._current_frames()`.
* Lost updates are forced with kata.forced_switch (a thread pauses inside its
  read-modify-write until a second thread is either inside it too, or waiting for the
  learner's lock).
* The audit runs each time the learner's code leaves a lock free while a transfer is
  still running, which is exactly when any other thread could run it.
"""

import _thread
import sys
import threading

from kata.forced_switch import Meeting
from kata.plugin import RUN, load_learner, where
from kata.teach import explain

GUARD = 5.0  # seconds; a correct call finishes in microseconds

CRITICAL_SECTIONS = ("Critical sections: every method that reads and writes a balance "
                     "holds the same lock, created once per ledger.")


# --- where the learner's code is ---------------------------------------------------------

_LEARNER_FILES = {}


def is_learner_file(filename):
    known = _LEARNER_FILES.get(filename)
    if known is None:
        known = _LEARNER_FILES[filename] = RUN.is_learner_file(filename)
    return known


def learner_place(frame):
    """`ledger.py:24  with self._lock:` (in withdraw) for the innermost learner frame."""
    while frame is not None and not is_learner_file(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return None
    return f"{where(frame.f_code.co_filename, frame.f_lineno)}   (in {frame.f_code.co_name})"


def learner_calls(frame):
    """The learner's functions on the stack, outermost first: `transfer -> withdraw`."""
    names = []
    while frame is not None:
        if is_learner_file(frame.f_code.co_filename):
            names.append(frame.f_code.co_name)
        frame = frame.f_back
    return " -> ".join(reversed(names))


# --- watched locks -------------------------------------------------------------------


class Watch:
    """What the learner's locks report: self-deadlocks, threads waiting for a lock,
    a lock becoming free. `cond` is notified on each of them."""

    def __init__(self, meeting=None):
        self.meeting = meeting
        self.cond = threading.Condition(_thread.allocate_lock())
        self.deadlocks = []  # dicts describing a thread that asked for a Lock it holds
        self.waiting = set()  # threads waiting for one of the learner's locks
        self.on_free = None  # called in the releasing thread when a lock became free

    def self_deadlock(self, lock):
        frame = sys._getframe(2)
        report = {
            "thread": threading.current_thread().name,
            "taken_at": lock.taken_at,
            "asked_at": learner_place(frame),
            "calls": learner_calls(frame),
        }
        with self.cond:
            self.deadlocks.append(report)
            self.cond.notify_all()

    def blocking(self, waiting):
        me = threading.get_ident()
        if self.meeting is not None:
            self.meeting.blocking(waiting)
        with self.cond:
            (self.waiting.add if waiting else self.waiting.discard)(me)
            self.cond.notify_all()

    def freed(self, lock):
        if self.on_free is not None:
            self.on_free(lock)


class WatchedLock:
    """A real Lock or RLock that knows its holder (as an RLock does), so that a thread
    asking for a plain Lock it already holds is seen the moment it happens."""

    def __init__(self, real, reentrant, watch):
        self._real, self._reentrant, self._watch = real, reentrant, watch
        self._owner, self._depth = None, 0
        self.taken_at = None  # where the current holder acquired it (outermost acquire)
        self.released_at = None  # where it was last left free

    def acquire(self, blocking=True, timeout=-1):
        me = threading.get_ident()
        if self._owner == me and not self._reentrant and blocking and timeout == -1:
            self._watch.self_deadlock(self)
            return self._real.acquire()  # what a Lock does here: wait forever
        got = self._real.acquire(False)
        if not got and blocking:
            self._watch.blocking(True)
            try:
                got = self._real.acquire(True, timeout)
            finally:
                self._watch.blocking(False)
        if got:
            if self._owner == me:
                self._depth += 1
            else:
                self._owner, self._depth = me, 1
                self.taken_at = learner_place(sys._getframe(1))
        return got

    def release(self):
        if self._owner == threading.get_ident() and self._depth > 1:
            self._depth -= 1
            self._real.release()
            return
        saved = (self._owner, self._depth, self.taken_at)
        self._owner, self._depth, self.taken_at = None, 0, None
        try:
            self._real.release()
        except BaseException:
            self._owner, self._depth, self.taken_at = saved
            raise
        self.released_at = learner_place(sys._getframe(1))
        self._watch.freed(self)

    def locked(self):
        return self._owner is not None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()

    # What threading.Condition uses when it is given this lock.
    def _is_owned(self):
        return self._owner == threading.get_ident()

    def _release_save(self):
        state = (self._depth, self.taken_at)
        self._owner, self._depth, self.taken_at = None, 0, None
        if self._reentrant:
            return state, self._real._release_save()
        self._real.release()
        return state, None

    def _acquire_restore(self, saved):
        state, real_state = saved
        if self._reentrant:
            self._real._acquire_restore(real_state)
        else:
            self._real.acquire()
        self._owner = threading.get_ident()
        self._depth, self.taken_at = state


class WatchedSemaphore:
    """A real (Bounded)Semaphore that tells the watch when a thread has to wait for it,
    so that a Semaphore(1) used as a mutex does not slow the forced switch down."""

    def __init__(self, real, watch):
        self._real, self._watch = real, watch
        self.released_at = None

    def acquire(self, blocking=True, timeout=None):
        if self._real.acquire(False):
            return True
        if not blocking:
            return False
        self._watch.blocking(True)
        try:
            return self._real.acquire(True, timeout)
        finally:
            self._watch.blocking(False)

    def release(self, *args, **kwargs):
        self._real.release(*args, **kwargs)
        self.released_at = learner_place(sys._getframe(1))
        self._watch.freed(self)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()


SYNC_FACTORIES = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition")


class watched_locks:
    """While active, threading.Lock(), RLock(), Semaphore(), BoundedSemaphore() and
    Condition() called from the learner's files return watched ones (a Condition gets a
    watched RLock); calls from anywhere else get the real thing."""

    def __init__(self, watch):
        self.watch = watch

    def __enter__(self):
        self.real = {name: getattr(threading, name) for name in SYNC_FACTORIES}
        watch = self.watch

        def stand_in(name):
            real_factory = self.real[name]

            def make(caller, args, kwargs):
                if not is_learner_file(caller.f_code.co_filename):
                    return real_factory(*args, **kwargs)
                if name == "Condition":
                    if args or kwargs.get("lock") is not None:
                        return real_factory(*args, **kwargs)
                    return real_factory(WatchedLock(self.real["RLock"](), True, watch))
                real = real_factory(*args, **kwargs)
                if name in ("Lock", "RLock"):
                    return WatchedLock(real, name == "RLock", watch)
                return WatchedSemaphore(real, watch)

            def __new__(cls, *args, **kwargs):
                return make(sys._getframe(1), args, kwargs)

            # A class, not a function: threading's own code still finds what it needs
            # (3.10's BoundedSemaphore calls `Semaphore.__init__(self, value)`).
            namespace = {"__new__": __new__}
            if isinstance(real_factory, type):
                namespace["__init__"] = real_factory.__init__
            return type(name, (), namespace)

        for name in SYNC_FACTORIES:
            setattr(threading, name, stand_in(name))
        return self.watch

    def __exit__(self, *exc_info):
        for name, real in self.real.items():
            setattr(threading, name, real)


# --- running the learner's code without ever hanging --------------------------------------


def explain_deadlock(watch, what):
    report = watch.deadlocks[0]
    explain(
        f"Deadlock: {what} never returned. Thread {report['thread']} waits for a lock it "
        "already holds, so it waits forever (and so does every thread that needs the "
        "ledger after it).\n"
        f"    it took the lock here:      {report['taken_at']}\n"
        f"    and asks for it again here: {report['asked_at']}\n"
        f"    calls: {report['calls']}\n"
        "A threading.Lock does not know which thread holds it: the second acquire waits "
        "for a release that only the waiting thread itself could do.",
        expected=f"{what} returns",
        got="the thread is blocked forever on a threading.Lock it holds",
    )


def explain_stuck(what, threads):
    frames = sys._current_frames()
    places = []
    for thread in threads:
        place = learner_place(frames.get(thread.ident))
        places.append(f"    {thread.name} waits at {place or '(outside your file)'}")
    explain(
        f"{what} did not return within {GUARD:g} s: the thread is stuck, waiting for a "
        "lock (or something else) that is never released. That is a deadlock.\n"
        + "\n".join(places),
        expected=f"{what} returns at once",
        got="stuck",
    )


def run_guarded(watch, what, *bodies):
    """Run each body in its own daemon thread, all released together. Returns once every
    body finished; explains a deadlock or a stuck thread instead of hanging. An
    exception a body raised is re-raised (it is the learner's)."""
    start = threading.Barrier(len(bodies))
    finished, errors = set(), []

    def runner(index, body):
        try:
            start.wait()
            body()
        except BaseException as exc:  # noqa: B902 - handed to the check
            errors.append(exc)
        finally:
            with watch.cond:
                finished.add(index)
                watch.cond.notify_all()

    threads = [threading.Thread(target=runner, args=(index, body), daemon=True,
                                name=f"request-{index + 1}")
               for index, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    with watch.cond:
        watch.cond.wait_for(lambda: len(finished) == len(threads) or watch.deadlocks, GUARD)
    if watch.deadlocks:
        explain_deadlock(watch, what)
    stuck = [thread for index, thread in enumerate(threads) if index not in finished]
    if stuck:
        explain_stuck(what, stuck)
    if errors:
        raise errors[0]


def watched_ledger(watch, balances, meeting=None):
    """The learner's Ledger, built while its locks are watched."""
    module = load_learner()
    if meeting is not None:
        balances = {account: meeting.wrap(cents) for account, cents in balances.items()}
    return module, module.Ledger(balances)


def require_observed(meeting):
    if not meeting.observed:
        explain(
            "The check could not watch a balance change: it gives Ledger numbers of its "
            "own type and none of them went through `+` or `-`. Keep the values you are "
            "given, without converting them with int(), and update them with `+=` / `-=`.",
        )


def cents(value):
    return f"{int(value)} cents"


# --- the checks ----------------------------------------------------------------------------


def check_methods_work_on_their_own():
    """One thread: deposit, withdraw, balance and total work on their own"""
    with watched_locks(Watch()) as watch:
        module, ledger = watched_ledger(watch, {"alice": 5000, "bob": 100})
        seen = {}

        def session():
            ledger.deposit("bob", 400)
            ledger.withdraw("alice", 1000)
            seen["refused"] = False
            try:
                ledger.withdraw("bob", 501)
            except module.InsufficientFunds:
                seen["refused"] = True
            seen["alice"], seen["bob"], seen["total"] = (
                ledger.balance("alice"), ledger.balance("bob"), ledger.total())

        run_guarded(watch, "deposit/withdraw/balance/total", session)
    if (seen["alice"], seen["bob"]) != (4000, 500):
        explain("deposit() or withdraw() changed the wrong amount.",
                expected="alice 4000, bob 500 (alice 5000 - 1000, bob 100 + 400)",
                got=f"alice {seen['alice']}, bob {seen['bob']}")
    if not seen["refused"]:
        explain("withdraw('bob', 501) with 500 cents on the account did not raise "
                "InsufficientFunds.")
    if seen["total"] != 4500:
        explain("total() is not the sum of all balances.", expected=4500, got=seen["total"])


def check_transfer_on_its_own():
    """One thread: transfer() returns, moves the money, and refuses to overdraw"""
    with watched_locks(Watch()) as watch:
        module, ledger = watched_ledger(watch, {"alice": 5000, "bob": 0})
        seen = {}

        def session():
            ledger.transfer("alice", "bob", 1200)
            try:
                ledger.transfer("bob", "alice", 1201)
                seen["refused"] = False
            except module.InsufficientFunds:
                seen["refused"] = True
            seen["alice"], seen["bob"] = ledger.balance("alice"), ledger.balance("bob")

        run_guarded(watch, "ledger.transfer('alice', 'bob', 1200)", session)
    if (seen["alice"], seen["bob"]) != (3800, 1200):
        explain("transfer('alice', 'bob', 1200) did not move the money, or a refused "
                "transfer changed a balance.",
                expected="alice 3800, bob 1200",
                got=f"alice {seen['alice']}, bob {seen['bob']}")
    if not seen["refused"]:
        explain("transfer('bob', 'alice', 1201) with 1200 cents on bob's account did not "
                "raise InsufficientFunds.")


def check_audit_never_sees_money_in_flight():
    """An audit during a transfer always sees all the money: the transfer is one critical section"""
    with watched_locks(Watch()) as watch:
        module, ledger = watched_ledger(watch, {"alice": 5000, "bob": 3000, "carol": 0})
        payer = {}
        audits = []  # (where the lock was left free, total the audit saw)
        auditors, audits_done = [], set()  # threads; names of those that finished

        def audit(moment):
            try:
                audits.append((moment, ledger.total()))
            finally:
                with watch.cond:
                    audits_done.add(threading.current_thread().name)
                    watch.cond.notify_all()

        def on_free(lock):
            """The payment thread just left one of your locks free: an audit may run now."""
            if threading.get_ident() != payer.get("ident") or len(auditors) >= 10:
                return
            auditor = threading.Thread(target=audit, args=(lock.released_at,), daemon=True,
                                       name=f"audit-{len(auditors) + 1}")
            auditors.append(auditor)
            auditor.start()
            with watch.cond:  # until the audit is done, or has to wait for a lock
                watch.cond.wait_for(lambda: auditor.name in audits_done or watch.deadlocks
                                    or auditor.ident in watch.waiting, GUARD)

        def pay():
            payer["ident"] = threading.get_ident()
            ledger.transfer("alice", "carol", 1200)

        watch.on_free = on_free
        run_guarded(watch, "transfer() with an audit running", pay)
        watch.on_free = None
        if auditors:
            run_guarded(watch, "the audit (total())", *[auditor.join for auditor in auditors])
    if not audits:
        explain("The check could not see the ledger's lock being released during "
                "transfer(). Protect the ledger with a lock created in ledger.py with "
                "threading.RLock() or threading.Lock() (or a Semaphore or Condition).")
    for moment, total in audits:
        if total != 8000:
            explain(
                "An audit ran while a payment of 1200 cents from alice to carol was "
                f"under way and found {cents(total)} in the ledger instead of 8000. "
                f"Your code left the lock free at\n    {moment}\nwhile the money had "
                "left alice and not yet reached carol. Any other thread can run at "
                "that moment: withdrawing and depositing must happen under one "
                "acquisition of the lock, not two.",
                expected="8000 cents in every audit",
                got=", ".join(cents(total) for _, total in audits),
            )


def require_right_balance(meeting, ledger, account, expected, happened):
    got = ledger.balance(account)
    if got != expected:
        if meeting.race_seen:
            happened += (f"\nBoth threads read {account}'s balance before either wrote its "
                         "result back, so one update overwrote the other: deposit() and "
                         "withdraw() must hold the ledger's lock themselves, because they "
                         "are also called directly, not only from transfer().")
        explain(happened, expected=f"{expected} cents", got=f"{int(got)} cents",
                revisit=CRITICAL_SECTIONS)


def check_two_deposits_at_once():
    """Two threads deposit into one account at the same moment: both deposits count"""
    meeting = Meeting()
    with watched_locks(Watch(meeting)) as watch:
        module, ledger = watched_ledger(watch, {"alice": 1000}, meeting)
        run_guarded(watch, "deposit()", lambda: ledger.deposit("alice", 100),
                    lambda: ledger.deposit("alice", 100))
        require_observed(meeting)
        require_right_balance(meeting, ledger, "alice", 1200,
                              "Two top-ups of 100 cents reached alice's account at the "
                              "same moment, but only one of them counted.")


def check_last_money_withdrawn_once():
    """Two threads withdraw an account's last money at the same moment: exactly one succeeds"""
    meeting = Meeting()
    with watched_locks(Watch(meeting)) as watch:
        module, ledger = watched_ledger(watch, {"alice": 1000}, meeting)
        outcomes = []

        def cash_out():
            try:
                ledger.withdraw("alice", 1000)
                outcomes.append("paid")
            except module.InsufficientFunds:
                outcomes.append("refused")

        run_guarded(watch, "withdraw()", cash_out, cash_out)
        require_observed(meeting)
        left = ledger.balance("alice")
    if sorted(outcomes) != ["paid", "refused"] or left != 0:
        explain(
            "alice has 1000 cents and cashes out 1000 cents twice at the same moment. "
            "Both withdrawals saw 1000 cents before either took them (check-then-act): "
            "the check and the update in withdraw() must happen under the ledger's lock, "
            "also when withdraw() is called directly.",
            expected="one withdrawal paid, one refused with InsufficientFunds, 0 left",
            got=f"{outcomes.count('paid')} paid, {outcomes.count('refused')} refused, "
                f"{int(left)} left",
            revisit=CRITICAL_SECTIONS,
        )


def check_two_payments_at_once():
    """Two payments from the same account at the same moment: every balance adds up"""
    meeting = Meeting()
    with watched_locks(Watch(meeting)) as watch:
        module, ledger = watched_ledger(watch, {"alice": 1000, "bob": 0, "carol": 0}, meeting)
        run_guarded(watch, "transfer()", lambda: ledger.transfer("alice", "bob", 300),
                    lambda: ledger.transfer("alice", "carol", 500))
        require_observed(meeting)
        for account, expected in (("alice", 200), ("bob", 300), ("carol", 500)):
            require_right_balance(meeting, ledger, account, expected,
                                  "alice paid 300 cents to bob and 500 cents to carol at "
                                  f"the same moment, and {account}'s balance is wrong.")


def check_settle_a_batch_on_a_pool():
    """settle(): 8 payments of 200 cents from an account holding 1000, on a pool: exactly 5 go through"""
    meeting = Meeting()
    with watched_locks(Watch(meeting)) as watch:
        module, ledger = watched_ledger(watch, {"alice": 1000, "bob": 0, "carol": 0}, meeting)
        payments = [("alice", "bob" if number % 2 else "carol", 200) for number in range(8)]
        made = {}

        def settle():
            made["count"] = module.settle(ledger, payments, workers=4)

        run_guarded(watch, "settle()", settle)
        require_observed(meeting)
        balances = {account: int(ledger.balance(account)) for account in ("alice", "bob", "carol")}
    if made["count"] != 5 or balances["alice"] != 0 or balances["bob"] + balances["carol"] != 1000:
        explain(
            "A batch of 8 payments of 200 cents from alice (1000 cents) went through "
            "settle() on a thread pool and the books no longer add up.",
            expected="5 payments made, 3 refused, alice 0, bob + carol 1000",
            got=f"{made['count']} made, alice {balances['alice']}, "
                f"bob + carol {balances['bob'] + balances['carol']}",
            revisit=CRITICAL_SECTIONS,
        )
