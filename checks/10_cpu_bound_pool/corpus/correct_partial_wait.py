"""Correct: functools.partial of the top-level function (picklable), submitted to a process pool, wait() then read in order."""

import functools
from concurrent.futures import ProcessPoolExecutor, wait


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
    with ProcessPoolExecutor() as pool:
        futures = [pool.submit(functools.partial(count_primes_below, limit)) for limit in limits]
        wait(futures)
        return [future.result() for future in futures]
