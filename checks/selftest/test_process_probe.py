"""kata.process_probe.Holdback: a process pool's first task finishes after a later one,
with no clock, under every start method; a pool that never gives a worker two tasks
gets its held task back after the patience, with the results untouched."""

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Manager

import pytest

from kata import host
from kata.process_probe import MIN_WAIT, Holdback, HeldInt


def finishing_order(pool, numbers):
    """Submit abs(number) for each number; the indexes in the order their results arrived."""
    order = []
    futures = []
    for index, number in enumerate(numbers):
        future = pool.submit(abs, number)
        future.add_done_callback(lambda _, index=index: order.append(index))
        futures.append(future)
    return order, [future.result() for future in futures]


@pytest.mark.parametrize("method", host.start_methods())
def test_the_held_first_task_finishes_after_another(method):
    context = multiprocessing.get_context(method)
    with Manager() as manager:
        holdback = Holdback(manager)
        numbers = [HeldInt(value, holdback, hold=(index == 0)) for index, value in enumerate(range(7, 13))]
        holdback.start()
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            order, results = finishing_order(pool, numbers)
        [(_, overtaken, _)] = list(holdback.held)
    assert results == list(range(7, 13))
    assert overtaken and order.index(0) > 0, order


def test_a_pool_that_never_gives_a_worker_two_tasks_gets_the_held_task_back():
    with Manager() as manager:
        holdback = Holdback(manager)
        numbers = [HeldInt(value, holdback, hold=(index == 0)) for index, value in enumerate((3, 4))]
        holdback.start()
        with ProcessPoolExecutor(max_workers=1) as pool:
            order, results = finishing_order(pool, numbers)
        assert not holdback.overtaken()
        [(_, overtaken, waited)] = list(holdback.held)
    assert results == [3, 4] and order == [0, 1]
    assert not overtaken and waited >= MIN_WAIT * 0.9


def test_a_held_int_is_a_plain_int_once_unpickled():
    # A stand-in holdback that pickles by value shows the argument's round trip (the
    # real one is only ever reached through Manager proxies).
    value = pickle.loads(pickle.dumps(HeldInt(42, _NoHold(), hold=False)))
    assert type(value) is int and value == 42


class _NoHold:
    def arrive(self, hold):
        pass
