"""Correct: waits for a free slot before reading the next line (FIRST_COMPLETED), counting the done ones."""
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def load_log(lines, store, max_workers=8, max_in_flight=64):
    pending = set()
    stored = 0
    it = iter(lines)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        while True:
            if len(pending) >= max_in_flight:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                stored += len(done)
            line = next(it, None)
            if line is None:
                break
            pending.add(pool.submit(store, line))
        done, _ = wait(pending)
        stored += len(done)
    return stored
