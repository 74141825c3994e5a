"""Checks for lesson 08: a locked method that calls another locked method of the same
object must not deadlock, and the ledger must stay thread-safe after the fix.

Nothing here waits for luck or measures time:

* Direct calls run under the controlled scheduler (kata/scheduler). A thread that
  waits for a Lock it holds itself, or threads that wait for each other, are reported
  at once as a deadlock with the lines involved; races between two calls (a lost
  deposit, an audit in the middle of a transfer) are found by trying every
  interleaving, and the one that broke is shown step by step.
* settle(), which starts its own thread pool, is checked in check_settle.py.
"""

from kata.interleavings import load_learner_controlled, require_every_interleaving


def ledger_of(module, balances):
    return lambda: module.Ledger(dict(balances))


def check_methods_work_on_their_own():
    """One thread: deposit, withdraw, balance and total work on their own"""
    module = load_learner_controlled()

    def session(ledger):
        ledger.deposit("bob", 400)
        ledger.withdraw("alice", 1000)
        try:
            ledger.withdraw("bob", 501)
            refused = False
        except module.InsufficientFunds:
            refused = True
        return ledger.balance("alice"), ledger.balance("bob"), ledger.total(), refused

    def as_expected(ledger, results):
        alice, bob, total, refused = results[0]
        if (alice, bob) != (4000, 500):
            return ("deposit() or withdraw() changed the wrong amount: expected alice 4000, "
                    f"bob 500 (alice 5000 - 1000, bob 100 + 400); got alice {alice}, bob {bob}.")
        if not refused:
            return "withdraw('bob', 501) with 500 cents on the account did not raise InsufficientFunds."
        if total != 4500:
            return f"total() is not the sum of all balances: expected 4500, got {total}."
        return None

    require_every_interleaving(ledger_of(module, {"alice": 5000, "bob": 100}), [session],
                               as_expected, what="deposit/withdraw/balance/total")


def check_transfer_on_its_own():
    """One thread: transfer() returns, moves the money, and refuses to overdraw"""
    module = load_learner_controlled()

    def session(ledger):
        ledger.transfer("alice", "bob", 1200)
        try:
            ledger.transfer("bob", "alice", 1201)
            refused = False
        except module.InsufficientFunds:
            refused = True
        return ledger.balance("alice"), ledger.balance("bob"), refused

    def as_expected(ledger, results):
        alice, bob, refused = results[0]
        if (alice, bob) != (3800, 1200):
            return ("transfer('alice', 'bob', 1200) did not move the money, or a refused "
                    f"transfer changed a balance: expected alice 3800, bob 1200; got alice "
                    f"{alice}, bob {bob}.")
        if not refused:
            return ("transfer('bob', 'alice', 1201) with 1200 cents on bob's account did not "
                    "raise InsufficientFunds.")
        return None

    require_every_interleaving(ledger_of(module, {"alice": 5000, "bob": 0}), [session],
                               as_expected, what="one transfer")


def check_audit_never_sees_money_in_flight():
    """An audit during a transfer always sees all the money: the transfer is one critical section"""
    module = load_learner_controlled()

    def books_balance(ledger, results):
        audited = results[1]
        if audited != 8000:
            return ("An audit ran while a payment of 1200 cents from alice to carol was under "
                    f"way and found {audited} cents in the ledger instead of 8000: the money had "
                    "left alice and not yet reached carol. Withdrawing and depositing must "
                    "happen under one acquisition of the lock, not two.")
        return None

    require_every_interleaving(
        ledger_of(module, {"alice": 5000, "bob": 3000, "carol": 0}),
        [lambda ledger: ledger.transfer("alice", "carol", 1200), lambda ledger: ledger.total()],
        books_balance, what="a transfer and an audit",
    )


def check_two_deposits_at_once():
    """Two threads deposit into one account at the same moment: both deposits count"""
    module = load_learner_controlled()

    def both_count(ledger):
        alice = ledger.balance("alice")
        if alice != 1200:
            return ("Two top-ups of 100 cents reached alice's account (1000 cents) at the same "
                    f"moment: expected 1200 cents, got {alice}. deposit() must hold the "
                    "ledger's lock itself: it is also called directly, not only from transfer().")
        return None

    require_every_interleaving(ledger_of(module, {"alice": 1000}),
                               [lambda ledger: ledger.deposit("alice", 100)] * 2,
                               both_count, what="two deposits")


def check_last_money_withdrawn_once():
    """Two threads withdraw an account's last money at the same moment: exactly one succeeds"""
    module = load_learner_controlled()

    def cash_out(ledger):
        try:
            ledger.withdraw("alice", 1000)
            return "paid"
        except module.InsufficientFunds:
            return "refused"

    def paid_once(ledger, outcomes):
        left = ledger.balance("alice")
        if sorted(outcomes) != ["paid", "refused"] or left != 0:
            return ("alice has 1000 cents and cashes out 1000 cents twice at the same moment: "
                    "one withdrawal should be paid and one refused with InsufficientFunds, "
                    f"leaving 0; got {outcomes} and {left} left. The check and the update in "
                    "withdraw() must happen under the ledger's lock, also when withdraw() is "
                    "called directly.")
        return None

    require_every_interleaving(ledger_of(module, {"alice": 1000}), [cash_out, cash_out],
                               paid_once, what="two withdrawals")


def check_two_payments_at_once():
    """Two payments from the same account at the same moment: every balance adds up"""
    module = load_learner_controlled()

    def balances_add_up(ledger):
        got = {account: ledger.balance(account) for account in ("alice", "bob", "carol")}
        if got != {"alice": 200, "bob": 300, "carol": 500}:
            return ("alice (1000 cents) paid 300 cents to bob and 500 cents to carol at the "
                    f"same moment: expected alice 200, bob 300, carol 500; got {got}.")
        return None

    require_every_interleaving(
        ledger_of(module, {"alice": 1000, "bob": 0, "carol": 0}),
        [lambda ledger: ledger.transfer("alice", "bob", 300),
         lambda ledger: ledger.transfer("alice", "carol", 500)],
        balances_add_up, what="two payments",
    )
