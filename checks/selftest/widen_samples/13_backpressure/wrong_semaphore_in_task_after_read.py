"""Wrong: semaphore released in the task's finally, but acquired inside `for line in lines:`, after the line is read: one line too many."""
import threading
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    slots = threading.Semaphore(max_in_flight)

    def write(line):
        try:
            store(line)
        finally:
            slots.release()

    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            slots.acquire()
            pool.submit(write, line)
            count += 1
    return count
