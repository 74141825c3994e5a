"""Checks for lesson 08: settle(), with the learner's own thread pool.

The pool's worker threads run under the controlled scheduler (kata/scheduler), like
the direct calls: a worker that waits for a Lock it already holds, or workers that wait
for each other, are reported as a deadlock with the lines involved, and the schedules
with the fewest thread switches are tried first, so a lost payment is shown step by
step. There are more payments than workers, in both directions between two accounts.
"""

from kata.interleavings import load_learner_controlled, require_bounded_interleavings

# The stub deadlocks in the first schedule, an unlocked ledger fails by the 8th and
# per-account locks taken in opposite orders deadlock by the 8th; the direct-call
# checks of check_lock_vs_rlock.py cover the rest.
SCHEDULES = 20
CRITICAL_SECTIONS = ("Critical sections: every method that reads and writes a balance "
                     "holds the same lock, created once per ledger.")


def require_settled(balances, payments, workers, made, allowed, expected):
    """`allowed(balances)` says whether the final balances are among those some
    order of the payments gives; `expected` says it in words."""
    module = load_learner_controlled()

    def settle_then_read(ledger):
        # Read in the same thread, so a design whose own thread keeps the balances
        # can still answer (after the run, the threads it started are gone).
        count = module.settle(ledger, list(payments), workers=workers)
        return count, {account: ledger.balance(account) for account in balances}

    def books_add_up(ledger, results):
        count, got = results[0]
        if count != made or not allowed(got):
            listed = ", ".join(f"{source}->{target} {amount}" for source, target, amount in payments)
            return (f"settle(ledger, [{listed}], workers={workers}) with balances {balances}: "
                    f"expected {made} payments made and {expected}; got {count} made and "
                    f"balances {got}. {CRITICAL_SECTIONS}")
        return None

    require_bounded_interleavings(
        setup=lambda: module.Ledger(dict(balances)),
        threads=[settle_then_read],
        invariant=books_add_up, what="settle()", schedules=SCHEDULES,
        inputs=(tuple(balances.items()), tuple(payments), workers, made, expected),
    )


def check_more_payments_than_money():
    """settle(): 4 payments of 200 cents from an account holding 600, on 2 workers: exactly 3 go through"""
    require_settled({"alice": 600, "bob": 0, "carol": 0},
                    [("alice", "bob", 200), ("alice", "carol", 200)] * 2, workers=2, made=3,
                    allowed=lambda got: got["alice"] == 0 and sorted((got["bob"], got["carol"])) == [200, 400],
                    expected="alice 0, and 600 between bob and carol in payments of 200")


def check_payments_in_both_directions():
    """settle(): payments back and forth between two accounts, on 2 workers: all go through"""
    require_settled({"alice": 500, "bob": 500},
                    [("alice", "bob", 100), ("bob", "alice", 200), ("alice", "bob", 300),
                     ("bob", "alice", 100)], workers=2, made=4,
                    allowed=lambda got: got == {"alice": 400, "bob": 600},
                    expected="alice 400, bob 600")


def check_no_payments():
    """settle(): an empty batch makes no payment and returns 0"""
    require_settled({"alice": 100, "bob": 0}, [], workers=2, made=0,
                    allowed=lambda got: got == {"alice": 100, "bob": 0},
                    expected="nothing moved")
