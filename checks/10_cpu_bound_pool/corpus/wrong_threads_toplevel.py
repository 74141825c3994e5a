"""Wrong: moved count to the top level (thinking pickling was the bug) but kept ThreadPoolExecutor: still one core."""

from concurrent.futures import ThreadPoolExecutor


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
    return count_primes_below(limit)


def count_all(limits):
    """[count_primes_below(limit) for limit in limits], computed in parallel."""
    with ThreadPoolExecutor(max_workers=len(limits) or 1) as pool:
        return list(pool.map(_count, limits))
