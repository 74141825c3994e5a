"""Correct: the nested count() moved to module level as _count so it pickles; process pool sized to the work."""

import os
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


def _count(limit):
    # Top level, so pickle can send it to the workers by name.
    return count_primes_below(limit)


def count_all(limits):
    """[count_primes_below(limit) for limit in limits], computed in parallel."""
    limits = list(limits)
    workers = max(2, min(len(limits), os.cpu_count() or 2))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_count, limits, chunksize=1))
