"""A pool's worker appends to a list (list.append itself is the work item) while
another thread, once the pool is running, counts the items."""
import threading
from concurrent.futures import ThreadPoolExecutor


def new_state():
    return [], threading.Event()


def append_in_pool(state):
    items, running = state
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(len, items).result()  # the worker is up and idle
        running.set()
        pool.submit(items.append, "from the pool")


def count(state):
    items, running = state
    running.wait()
    return len(items)
