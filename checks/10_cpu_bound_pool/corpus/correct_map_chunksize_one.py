"""Correct: ProcessPoolExecutor of the default size with map(chunksize=1), the worker function at module top level; map keeps input order."""

# A number-theory report: how many primes lie below each of several limits.

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
    # each limit is a big job on its own, so send them one per chunk
    with ProcessPoolExecutor() as pool:
        return list(pool.map(count_primes_below, limits, chunksize=1))
