"""Wrong: chunksize=len(limits) to cut pickling overhead puts every limit in one chunk, so one process does it all."""

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
    limits = list(limits)
    with ProcessPoolExecutor() as pool:
        # Bigger chunks mean fewer round trips to the workers.
        return list(pool.map(count_primes_below, limits, chunksize=max(1, len(limits))))
