"""Checks for lesson 07: check-then-act must be one critical section.

Every interleaving of two purchases (with up to two forced thread switches) is tried
by the controlled scheduler, so a gap between the balance check and the deduction is
found on every run, and the learner sees the interleaving that broke.
"""

from kata.interleavings import load_learner_controlled, require_every_interleaving


def check_single_purchases():
    """One thread: a purchase is approved or declined, and the balance follows"""
    module = load_learner_controlled()

    def shop(card):  # run by one thread under the scheduler, so a self-deadlock is reported at once
        steps = [("charge(30)", card.charge(30), card.balance())]
        steps.append(("charge(80)", card.charge(80), card.balance()))
        card.top_up(10)
        steps.append(("top_up(10), charge(80)", card.charge(80), card.balance()))
        return steps

    def as_expected(card, results):
        expected = [("charge(30)", True, 70), ("charge(80)", False, 70), ("top_up(10), charge(80)", True, 0)]
        for (what, approved, balance), (_, want_approved, want_balance) in zip(results[0], expected):
            if (approved, balance) != (want_approved, want_balance):
                return (f"On a card that started at 100, {what} should give approved={want_approved} "
                        f"and balance {want_balance}; got approved={approved} and balance {balance}.")
        return None

    require_every_interleaving(
        setup=lambda: module.GiftCard(100), threads=[shop], invariant=as_expected, what="one shopper"
    )


def check_two_purchases_at_once():
    """Two purchases of 80 on a card holding 100: exactly one is approved"""
    module = load_learner_controlled()

    def one_approved(card, approvals):
        balance = card.balance()
        if sorted(approvals) != [False, True] or balance != 20:
            return (f"Two purchases of 80 on a card holding 100 should give one approval, one "
                    f"decline and 20 left; got approvals {approvals} and balance {balance}.")
        return None

    require_every_interleaving(
        setup=lambda: module.GiftCard(100),
        threads=[lambda card: card.charge(80), lambda card: card.charge(80)],
        invariant=one_approved,
        what="two purchases on one card",
    )


def check_purchase_during_top_up():
    """A purchase and a top-up at the same moment: no money appears or vanishes"""
    module = load_learner_controlled()

    def money_adds_up(card, results):
        approved, balance = results[0], card.balance()
        expected = 100 - 80 if approved else 50 + 50
        if balance != expected:
            return (f"A card holding 50 got a top-up of 50 while a purchase of 80 was made "
                    f"(approved: {approved}); it should hold {expected}, but holds {balance}.")
        return None

    require_every_interleaving(
        setup=lambda: module.GiftCard(50),
        threads=[lambda card: card.charge(80), lambda card: card.top_up(50)],
        invariant=money_adds_up,
        what="a purchase during a top-up",
    )
