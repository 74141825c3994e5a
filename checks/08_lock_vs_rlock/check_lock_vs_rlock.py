"""Checks for lesson 08: a locked method that calls another locked method of the same
object must not deadlock, and the ledger must stay thread-safe after the fix.

Nothing here waits for luck or measures time:

* Direct calls run under the controlled scheduler (kata/scheduler). A thread that
  waits for a Lock it holds itself, or threads that wait for each other, are reported
  at once as a deadlock with the lines involved; races between two calls (a lost
  deposit, an audit in the middle of a transfer) are found by trying every
  interleaving, and the one that broke is shown step by step.
* settle() starts its own thread pool, which the scheduler cannot control: there the
  lost update is forced with kata/forced_switch, whose locks also refuse to let a
  thread wait for a plain Lock it already holds.
"""

from kata.forced_switch import Meeting, require_observed, tracked_locks
from kata.plugin import RUN, load_learner
from kata.scenarios import Operation, SharedObject, larger, one_caller, require_linearizable, two_callers
from kata.teach import explain

CRITICAL_SECTIONS = ("Critical sections: every method that reads and writes a balance "
                     "holds the same lock, created once per ledger.")

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


def check_larger_scenarios():
    """Two threads with two calls, or three threads: every interleaving of one, new each repetition"""
    require_linearizable(LEDGER, larger(LEDGER, 1))


def check_settle_a_batch_on_a_pool():
    """settle(): 8 payments of 200 cents from an account holding 1000, on a pool: exactly 5 go through"""
    meeting = Meeting()
    with tracked_locks(meeting, RUN.learner_dir):
        module = load_learner()
        ledger = module.Ledger({"alice": meeting.wrap(1000), "bob": meeting.wrap(0), "carol": meeting.wrap(0)})
        payments = [("alice", "bob" if number % 2 else "carol", 200) for number in range(8)]
        made = module.settle(ledger, payments, workers=4)
    require_observed(meeting, what="a balance change", holder="Ledger")
    balances = {account: int(ledger.balance(account)) for account in ("alice", "bob", "carol")}
    if made != 5 or balances["alice"] != 0 or balances["bob"] + balances["carol"] != 1000:
        explain(
            "A batch of 8 payments of 200 cents from alice (1000 cents) went through "
            "settle() on a thread pool and the books no longer add up.",
            expected="5 payments made, 3 refused, alice 0, bob + carol 1000",
            got=f"{made} made, alice {balances['alice']}, bob + carol {balances['bob'] + balances['carol']}",
            revisit=CRITICAL_SECTIONS,
        )
