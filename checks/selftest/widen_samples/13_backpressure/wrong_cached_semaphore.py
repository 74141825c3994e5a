"""Wrong: one module-level semaphore sized by the first call's max_in_flight serves every later call."""
import threading
from concurrent.futures import ThreadPoolExecutor

_slots = None


def load_log(lines, store, max_workers=8, max_in_flight=64):
    global _slots
    if _slots is None:
        _slots = threading.BoundedSemaphore(max_in_flight)
    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            _slots.acquire()
            pool.submit(store, line).add_done_callback(lambda _: _slots.release())
            count += 1
    return count
