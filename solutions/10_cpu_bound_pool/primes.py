"""A number-theory report: how many primes lie below each of several limits.

Counting primes by trial division is pure computation: no network, no disk. The
report runs on a machine with several cores and should use all of them.
"""

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
    # Threads share one GIL, so CPU-bound Python code runs one thread at a time.
    # Processes each have their own interpreter. The function is sent to them by
    # name, so it must be defined at the top level of the module (no lambda, no
    # nested function).
    with ProcessPoolExecutor() as pool:
        return list(pool.map(count_primes_below, limits))
