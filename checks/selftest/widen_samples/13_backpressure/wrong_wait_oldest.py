"""Wrong: when the window is full it waits for the oldest write, not for any, so it rests with a free slot."""
from collections import deque
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    window = deque()
    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            if len(window) >= max_in_flight:
                window.popleft().result()
            window.append(pool.submit(store, line))
            count += 1
    return count
