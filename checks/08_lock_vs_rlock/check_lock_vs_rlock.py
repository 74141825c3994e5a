"""Checks for lesson 08: a locked method that calls another locked method of the same
object must not deadlock, and the ledger must stay thread-safe after the fix.

Nothing here waits for luck or measures time:

* Direct calls run under the controlled scheduler (kata/scheduler). A thread that
  waits for a Lock it holds itself, or threads that wait for each other, are reported
  at once as a deadlock with the lines involved; races between two calls (a lost
  deposit, an audit in the middle of a transfer) are found by trying every
  interleaving, and the one that broke is shown step by step.
* A thread that has made a transfer and then calls deposit or withdraw directly, while
  another thread does too: a lock that remembers its owner must forget it when it is
  released, or that thread later skips the lock (pool threads make transfers, and the
  same threads may serve direct calls afterwards).
* settle(), which starts its own thread pool, is checked in check_settle.py.
"""

from kata.scenarios import (Operation, SharedObject, larger, one_caller, require_linearizable, sampled,
                            scenarios, two_callers)

# The direct calls: small scenarios generated from this declaration (kata/scenarios.py),
# each explored under the scheduler and judged against the reference solution run one
# call at a time.
LEDGER = SharedObject(
    class_name="Ledger",
    constructor=({"alice": 2, "bob": 1},),
    operations=(
        Operation("deposit", lambda ledger, *call: ledger.deposit(*call), args=(("alice", 1),), returns=False),
        # All of alice's money: it fits exactly; with another withdrawal or a transfer from
        # alice it cannot be covered twice; after a deposit it always can.
        Operation("withdraw", lambda ledger, *call: ledger.withdraw(*call),
                  args=lambda balances: (("alice", balances["alice"]),), returns=False),
        # All of the source's money, in opposite directions: per-account locks taken in
        # argument order deadlock here.
        Operation("transfer", lambda ledger, *call: ledger.transfer(*call),
                  args=lambda balances: (("alice", "bob", balances["alice"]), ("bob", "alice", balances["bob"])),
                  returns=False),
        Operation("total", lambda ledger: ledger.total(), reads=True),
    ),
    observers=(("balance('alice')", lambda ledger: ledger.balance("alice")),
               ("balance('bob')", lambda ledger: ledger.balance("bob"))),
)


def check_one_caller():
    """One thread: deposit, withdraw, transfer and total do what the reference does, and transfer returns"""
    require_linearizable(LEDGER, one_caller(LEDGER))


def check_two_callers_at_once():
    """Two threads, one call each, every interleaving: no lost deposit, no overdraft, no deadlock, an audit sees all the money"""
    require_linearizable(LEDGER, two_callers(LEDGER))


DIRECT = ("deposit", "withdraw")


def after_a_transfer(spec):
    """Two threads: one makes a transfer, then a direct deposit or withdrawal; the other
    makes one direct deposit or withdrawal. Smallest first."""

    def transfer_then_direct(calls):
        return len(calls) == 2 and calls[0][0].name == "transfer" and calls[1][0].name in DIRECT

    def one_direct(calls):
        return len(calls) == 1 and calls[0][0].name in DIRECT

    return [scenario for scenario in scenarios(spec, threads=2, calls_per_thread=2, min_calls=3)
            if any(transfer_then_direct(first) and one_direct(second)
                   for first, second in (scenario.threads, scenario.threads[::-1]))]


def check_direct_call_after_a_transfer():
    """One thread makes a transfer and later a direct deposit or withdrawal, while another thread deposits or withdraws: every interleaving"""
    # The two smallest (a deposit after the transfer) every repetition, and one more
    # drawn from the others (a withdrawal, the other direction), new each repetition.
    candidates = after_a_transfer(LEDGER)
    chosen = candidates[:2] + sampled(candidates[2:], 1)
    require_linearizable(LEDGER, sorted(chosen, key=lambda scenario: scenario.rank))


# A transfer from an account to itself: the same account at both ends, all of its money
# (it fits) and one more (refused). Its own declaration, so the pairs above stay few.
TO_ITSELF = SharedObject(
    class_name="Ledger",
    constructor=LEDGER.constructor,
    operations=(
        Operation("transfer", lambda ledger, *call: ledger.transfer(*call),
                  args=lambda balances: (("alice", "alice", balances["alice"]),
                                         ("bob", "bob", balances["bob"] + 1)),
                  returns=False),
        Operation("total", lambda ledger: ledger.total(), reads=True),
    ),
    observers=LEDGER.observers,
)


def check_transfer_to_the_same_account():
    """A transfer from an account to itself leaves the money as it was (or is refused), alone and beside an audit: every interleaving"""
    beside_an_audit = [scenario for scenario in scenarios(TO_ITSELF, threads=2)
                       if any(calls[0][0].reads for calls in scenario.threads)]
    require_linearizable(TO_ITSELF, scenarios(TO_ITSELF, threads=1) + beside_an_audit)


def check_larger_scenarios():
    """Two threads with two calls, or three threads: every interleaving of one, new each repetition"""
    require_linearizable(LEDGER, larger(LEDGER, 1))
