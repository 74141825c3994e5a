"""Wrong: a pool of len(limits) worker processes; fine for real input, but count_all([]) crashes (max_workers must be > 0)."""

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
    # One process per limit: every limit gets a core of its own.
    with ProcessPoolExecutor(max_workers=len(limits)) as pool:
        return list(pool.map(count_primes_below, limits))
