"""Wrong: the semaphore is sized max_workers, not max_in_flight, so a smaller window is exceeded."""
import threading
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    slots = threading.BoundedSemaphore(max_workers)
    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            slots.acquire()
            pool.submit(store, line).add_done_callback(lambda _: slots.release())
            count += 1
    return count
