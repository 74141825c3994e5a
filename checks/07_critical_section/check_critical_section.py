"""Checks for lesson 07: check-then-act must be one critical section.

The GiftCard is declared once below; the scenario engine (kata/scenarios.py)
generates small scenarios of purchases, top-ups and balance reads on a card
holding 2, tries every interleaving of each under the controlled scheduler, and
accepts a result only if running the same calls one at a time on the reference
solution can give it. So a purchase approved without the money, a purchase
declined although the money was there, a lost top-up or a deadlock all fail,
with the smallest scenario and the interleaving that broke.
"""

from kata.scenarios import Operation, SharedObject, larger, one_caller, require_linearizable, two_callers

GIFT_CARD = SharedObject(
    class_name="GiftCard",
    constructor=(2,),
    operations=(
        # The smallest amount, and the whole balance: it fits exactly, alone or after a
        # top-up; with any other purchase it cannot be covered twice.
        Operation("charge", lambda card, amount: card.charge(amount), args=lambda balance: ((1,), (balance,))),
        Operation("top_up", lambda card, amount: card.top_up(amount), args=((1,),), returns=False),
        Operation("balance", lambda card: card.balance(), reads=True),
    ),
    observers=(("balance()", lambda card: card.balance()),),
)


def check_one_caller():
    """One thread: charge, top_up and balance do what the reference does"""
    require_linearizable(GIFT_CARD, one_caller(GIFT_CARD))


def check_two_callers_at_once():
    """Two threads, one call each, every interleaving: the card gives what some one-at-a-time order gives"""
    require_linearizable(GIFT_CARD, two_callers(GIFT_CARD))


def check_larger_scenarios():
    """Two threads with two calls, or three threads: every interleaving of a sample, new each repetition"""
    require_linearizable(GIFT_CARD, larger(GIFT_CARD, 2))
