"""Correct: multiprocessing.Pool.map instead of concurrent.futures; same counts, input order, several processes."""

import multiprocessing


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
    with multiprocessing.Pool() as pool:
        return pool.map(count_primes_below, limits, chunksize=1)
