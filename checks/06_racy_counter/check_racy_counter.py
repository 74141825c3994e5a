"""Checks for lesson 06: the inventory must not lose or double-count a sale.

Races are forced, never hoped for. The direct calls run under the controlled
scheduler (kata/scheduler), which tries every interleaving and shows the learner the
one that lost a sale (one thread alone also runs under it, so a lock taken twice is
reported as a deadlock at once). process_orders, which starts its own thread pool, is
checked in check_process_orders.py.
"""

from kata.interleavings import load_learner_controlled, require_every_interleaving


def check_single_thread_rules():
    """One thread: remove() takes stock away and refuses to oversell"""
    module = load_learner_controlled()

    def shop(inventory):
        inventory.remove("lamp")
        inventory.remove("lamp", 2)
        try:
            inventory.remove("desk", 2)
            refused = False
        except module.OutOfStock:
            refused = True
        return inventory.count("lamp"), refused, inventory.count("desk")

    def as_expected(inventory, results):
        lamps, refused, desks = results[0]
        if lamps != 0:
            return f"Removing 1 and then 2 of 3 lamps should leave 0; got {lamps}."
        if not refused:
            return "remove('desk', 2) with only 1 desk in stock did not raise OutOfStock."
        if desks != 1:
            return f"A refused order changed the stock: expected 1 desk left, got {desks}."
        return None

    require_every_interleaving(
        setup=lambda: module.Inventory({"lamp": 3, "desk": 1}),
        threads=[shop], invariant=as_expected, what="one shopper",
    )


def check_two_orders_at_once():
    """Two threads each remove a lamp at the same moment: both come off the stock"""
    module = load_learner_controlled()

    def both_sales_counted(inventory):
        left = inventory.count("lamp")
        return None if left == 8 else f"Expected 8 lamps left after two orders from 10, got {left}."

    require_every_interleaving(
        setup=lambda: module.Inventory({"lamp": 10}),
        threads=[lambda inventory: inventory.remove("lamp")] * 2,
        invariant=both_sales_counted,
        what="two orders for a lamp",
    )


def check_last_lamp_sold_once():
    """Two threads order the last lamp at once: exactly one order succeeds"""
    module = load_learner_controlled()

    def order(inventory):
        try:
            inventory.remove("lamp")
            return "sold"
        except module.OutOfStock:
            return "refused"

    def sold_once(inventory, outcomes):
        left = inventory.count("lamp")
        if sorted(outcomes) != ["refused", "sold"] or left != 0:
            return ("Two customers ordered the last lamp at the same moment: one order should "
                    f"be sold and one refused with OutOfStock, leaving 0; got {outcomes} and "
                    f"{left} left.")
        return None

    require_every_interleaving(
        setup=lambda: module.Inventory({"lamp": 1}),
        threads=[order, order],
        invariant=sold_once,
        what="two orders for the last lamp",
    )
