"""Correct: process pool with an explicit spawn context (works the same on Linux, macOS, Windows)."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def count_primes_below(limit):
    """How many primes are smaller than `limit` (trial division, deliberately slow)."""
    count = 0
    for number in range(2, limit):
        divisor = 2
        while divisor * divisor <= number:
            if number % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def count_all(limits):
    """[count_primes_below(limit) for limit in limits], computed in parallel."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(mp_context=context) as pool:
        return list(pool.map(count_primes_below, limits))
