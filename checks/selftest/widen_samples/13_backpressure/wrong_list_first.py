"""Wrong: turns the input into a list first, so the whole log is read before anything is stored."""
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    lines = list(lines)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        list(pool.map(store, lines))
    return len(lines)
