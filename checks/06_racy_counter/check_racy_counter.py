"""Checks for lesson 06: the inventory must not lose or double-count a sale.

Races are forced, never hoped for. The direct calls run under the controlled
scheduler (kata/scheduler), which tries every interleaving and shows the learner the
one that lost a sale (one thread alone also runs under it, so a lock taken twice is
reported as a deadlock at once). process_orders, which starts its own thread pool, is
checked in check_racy_counter_pool.py.
"""

from kata.scenarios import Operation, SharedObject, larger, one_caller, require_linearizable, two_callers


# The direct calls: small scenarios generated from this declaration (kata/scenarios.py),
# each explored under the scheduler and judged against the reference solution run one
# call at a time.
INVENTORY = SharedObject(
    class_name="Inventory",
    constructor=({"lamp": 2},),
    operations=(
        # One lamp, and every lamp in stock: two orders of one fit exactly; an order for
        # every lamp and any other order cannot both be filled.
        Operation("remove", lambda inventory, *order: inventory.remove(*order),
                  args=lambda stock: (("lamp",), ("lamp", stock["lamp"])), returns=False),
        Operation("count", lambda inventory, item: inventory.count(item), args=(("lamp",),), reads=True),
    ),
    observers=(("count('lamp')", lambda inventory: inventory.count("lamp")),),
)


def check_one_shopper():
    """One thread: remove() takes stock away and refuses to oversell, as the reference does"""
    require_linearizable(INVENTORY, one_caller(INVENTORY))


def check_two_orders_at_once():
    """Two threads, one call each, every interleaving: no sale is lost and the last lamp is sold once"""
    require_linearizable(INVENTORY, two_callers(INVENTORY))


def check_larger_scenarios():
    """Two threads with two calls, or three threads: every interleaving of a sample, new each repetition"""
    require_linearizable(INVENTORY, larger(INVENTORY, 2))
