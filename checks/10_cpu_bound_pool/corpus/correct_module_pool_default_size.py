"""Correct: one ProcessPoolExecutor of the default size, made on the first call and kept for the next ones (it has a worker per core whatever the first call was)."""

from concurrent.futures import ProcessPoolExecutor

_pool = None


def count_primes_below(limit):
    """How many primes are smaller than `limit` (trial division: CPU-bound on purpose)."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


def count_all(limits):
    """The prime count below each limit, in the order of `limits`."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor()
    return list(_pool.map(count_primes_below, limits))
