"""Wrong: counts each distinct limit once via a set, so repeated limits are dropped and the order is lost."""

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
    distinct = sorted(set(limits))
    with ProcessPoolExecutor() as pool:
        # No need to count the same limit twice.
        return list(pool.map(count_primes_below, distinct))
