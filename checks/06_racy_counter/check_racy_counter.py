"""Checks for lesson 01: the inventory must not lose or double-count a sale.

The race is forced, not hoped for: see kata/forced_switch.py.
"""

from kata.forced_switch import Meeting, run_together, tracked_locks
from kata.plugin import RUN, load_learner
from kata.teach import explain



def inventory_with_forced_switch(stock):
    """The learner's Inventory holding numbers that pause in the read-write gap."""
    meeting = Meeting()
    with tracked_locks(meeting, RUN.learner_dir):
        module = load_learner()
        inventory = module.Inventory({item: meeting.wrap(count) for item, count in stock.items()})
    return module, inventory, meeting


def require_observed(meeting):
    if not meeting.observed:
        explain(
            "The check could not watch your stock update: it gives Inventory numbers of "
            "its own type and none of them went through `-` (or `+`). Keep the values "
            "you are given, without converting them with int(), and update them with "
            "`-=`.",
        )


def check_single_thread_rules(learner):
    """One thread: remove() takes stock away and refuses to oversell"""
    inventory = learner.Inventory({"lamp": 3, "desk": 1})
    inventory.remove("lamp")
    inventory.remove("lamp", 2)
    if inventory.count("lamp") != 0:
        explain("remove() did not take the right quantity out of stock.",
                expected="0 lamps left after removing 1 and then 2 of 3",
                got=f"{inventory.count('lamp')} left")
    try:
        inventory.remove("desk", 2)
    except learner.OutOfStock:
        pass
    else:
        explain("remove('desk', 2) with only 1 desk in stock did not raise OutOfStock.")
    if inventory.count("desk") != 1:
        explain("A refused order changed the stock.", expected="1 desk left", got=f"{inventory.count('desk')}")


def check_two_orders_at_once():
    """Two threads each remove a lamp at the same moment: both come off the stock"""
    module, inventory, meeting = inventory_with_forced_switch({"lamp": 10})
    run_together(lambda: inventory.remove("lamp"), lambda: inventory.remove("lamp"))
    require_observed(meeting)
    left = inventory.count("lamp")
    if left != 8:
        happened = "Two orders for a lamp arrived at the same moment, but only one came off the stock."
        if meeting.race_seen:
            happened += (
                "\nBoth threads read the stock (10 lamps) before either wrote its result "
                "back, so both wrote 9: one sale was lost."
            )
        explain(happened, expected="8 lamps left (10 - 1 - 1)", got=f"{left} lamps left")


def check_last_lamp_sold_once():
    """Two threads order the last lamp at once: exactly one order succeeds"""
    module, inventory, meeting = inventory_with_forced_switch({"lamp": 1})
    outcomes = []

    def order():
        try:
            inventory.remove("lamp")
            outcomes.append("sold")
        except module.OutOfStock:
            outcomes.append("refused")

    run_together(order, order)
    require_observed(meeting)
    left = inventory.count("lamp")
    if sorted(outcomes) != ["refused", "sold"] or left != 0:
        explain(
            "Two customers ordered the last lamp at the same moment. Both saw one lamp "
            "in stock before either took it (check-then-act): the check and the update "
            "must happen under the same lock.",
            expected="one order sold, one refused with OutOfStock, 0 lamps left",
            got=f"{outcomes.count('sold')} sold, {outcomes.count('refused')} refused, {left} left",
        )


def check_burst_of_orders():
    """process_orders: 12 orders for 10 lamps from a pool fulfil exactly 10"""
    module, inventory, meeting = inventory_with_forced_switch({"lamp": 10})
    fulfilled = module.process_orders(inventory, [("lamp", 1)] * 12, workers=4)
    require_observed(meeting)
    left = inventory.count("lamp")
    if fulfilled != 10 or left != 0:
        explain(
            "A burst of 12 orders for 10 lamps went through process_orders on a thread "
            "pool and the stock no longer adds up.",
            expected="10 orders fulfilled, 2 refused, 0 lamps left",
            got=f"{fulfilled} fulfilled, {left} lamps left",
        )
