"""Wrong: keeps one module-level process pool, sized on the first call to that call's number of limits, so a later call with more limits gets fewer processes than cores (breaks 'one worker process per core running at the same time' on a second call)."""

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


_pool = None


def _get_pool(n_limits):
    # starting processes is expensive: create the pool once and reuse it
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=max(1, min(os.cpu_count(), n_limits)))
    return _pool


def count_all(limits):
    """[count_primes_below(limit) for limit in limits], computed in parallel."""
    pool = _get_pool(len(limits))
    return list(pool.map(count_primes_below, limits))
