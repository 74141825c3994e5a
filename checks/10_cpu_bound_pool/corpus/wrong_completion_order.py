"""Wrong: as_completed appends counts in the order they finish, not in the order of limits."""

from concurrent.futures import ProcessPoolExecutor, as_completed


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
        futures = [pool.submit(count_primes_below, limit) for limit in limits]
        return [future.result() for future in as_completed(futures)]
