"""Checks for lesson 06: the inventory must not lose or double-count a sale.

Races are forced, never hoped for. The direct calls run under the controlled
scheduler (kata/scheduler), which tries every interleaving and shows the learner the
one that lost a sale (one thread alone also runs under it, so a lock taken twice is
reported as a deadlock at once). process_orders starts its own thread pool, which the
scheduler cannot control, so that check forces the switch in the read-modify-write
window instead (kata/forced_switch.py).
"""

from kata.forced_switch import Meeting, require_observed, tracked_locks
from kata.plugin import RUN, load_learner
from kata.scenarios import Operation, SharedObject, larger, one_caller, require_linearizable, two_callers
from kata.teach import explain


def inventory_with_forced_switch(stock):
    """The learner's Inventory holding numbers that pause in the read-write gap."""
    meeting = Meeting()
    with tracked_locks(meeting, RUN.learner_dir):
        module = load_learner()
        inventory = module.Inventory({item: meeting.wrap(count) for item, count in stock.items()})
    return module, inventory, meeting


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


def check_burst_of_orders():
    """process_orders: 12 orders for 10 lamps from a pool fulfil exactly 10"""
    module, inventory, meeting = inventory_with_forced_switch({"lamp": 10})
    fulfilled = module.process_orders(inventory, [("lamp", 1)] * 12, workers=4)
    require_observed(meeting, what="your stock update", holder="Inventory")
    left = inventory.count("lamp")
    if fulfilled != 10 or left != 0:
        explain(
            "A burst of 12 orders for 10 lamps went through process_orders on a thread "
            "pool and the stock no longer adds up.",
            expected="10 orders fulfilled, 2 refused, 0 lamps left",
            got=f"{fulfilled} fulfilled, {left} lamps left",
        )
