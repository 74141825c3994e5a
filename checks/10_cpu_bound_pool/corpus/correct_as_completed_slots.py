"""Correct: as_completed on a process pool, each result written into its input slot by index."""

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
    counts = [None] * len(limits)
    with ProcessPoolExecutor() as pool:
        index_of = {pool.submit(count_primes_below, limit): i for i, limit in enumerate(limits)}
        for future in as_completed(index_of):
            counts[index_of[future]] = future.result()
    return counts
