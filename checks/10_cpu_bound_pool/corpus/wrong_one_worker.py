"""Wrong: ProcessPoolExecutor(max_workers=1) moves the work off the main process but still uses one core."""

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
    # One worker process is enough to get around the GIL.
    with ProcessPoolExecutor(max_workers=1) as pool:
        return list(pool.map(count_primes_below, limits))
