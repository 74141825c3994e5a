"""Wrong: acquires a BoundedSemaphore slot inside `for line in lines:`, after the line is read: max_in_flight + 1 read and unfinished."""
import threading
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    slots = threading.BoundedSemaphore(max_in_flight)
    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            slots.acquire()
            future = pool.submit(store, line)
            future.add_done_callback(lambda _: slots.release())
            count += 1
    return count
