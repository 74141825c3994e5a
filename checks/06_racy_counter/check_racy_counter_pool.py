"""Checks for lesson 06: process_orders, with the learner's own thread pool.

The pool's worker threads run under the controlled scheduler (kata/scheduler), like
the direct calls: it tries the schedules with the fewest thread switches first, and
the first one that loses or double-sells a piece is shown step by step. There are
more orders than workers, so each worker handles several orders.
"""

from kata.interleavings import load_learner_controlled, require_bounded_interleavings


def _describe(counts):
    return ", ".join(f"{count} {item}" for item, count in counts.items())


def require_orders_add_up(stock, orders, workers):
    """Orders of one piece each: every piece in stock is sold once, the rest refused."""
    module = load_learner_controlled()
    wanted = {item: sum(1 for ordered, _ in orders if ordered == item) for item in stock}
    expected_left = {item: max(stock[item] - wanted[item], 0) for item in stock}
    expected_fulfilled = sum(min(stock[item], wanted[item]) for item in stock)

    def process_then_count(inventory):
        # Counted in the same thread, so a design whose own thread keeps the stock
        # can still answer (after the run, the threads it started are gone).
        fulfilled = module.process_orders(inventory, list(orders), workers=workers)
        return fulfilled, {item: inventory.count(item) for item in stock}

    def adds_up(inventory, results):
        fulfilled, left = results[0]
        if (fulfilled, left) != (expected_fulfilled, expected_left):
            return (f"{len(orders)} orders of one piece each ({_describe(wanted)}) for a stock of "
                    f"{_describe(stock)} went through process_orders(..., workers={workers}): "
                    f"expected {expected_fulfilled} fulfilled and {_describe(expected_left)} left; "
                    f"got {fulfilled} fulfilled and {_describe(left)} left.")
        return None

    require_bounded_interleavings(
        setup=lambda: module.Inventory(dict(stock)),
        threads=[process_then_count],
        invariant=adds_up, what="process_orders",
        inputs=(tuple(stock.items()), tuple(orders), workers),
    )


def check_more_orders_than_lamps():
    """process_orders: 5 orders for 4 lamps on 2 workers fulfil exactly 4"""
    require_orders_add_up({"lamp": 4}, [("lamp", 1)] * 5, workers=2)


def check_orders_for_two_items():
    """process_orders: 2 orders for 1 lamp and 2 for 2 desks on 2 workers sell every piece once"""
    require_orders_add_up({"lamp": 1, "desk": 2}, [("lamp", 1), ("desk", 1)] * 2, workers=2)
