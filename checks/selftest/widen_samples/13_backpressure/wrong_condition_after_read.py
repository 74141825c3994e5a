"""Wrong: waits on a Condition for a free slot inside `for line in lines:`, so the next line is already read: max_in_flight + 1 read and unfinished."""
import threading
from concurrent.futures import ThreadPoolExecutor


def load_log(lines, store, max_workers=8, max_in_flight=64):
    cond = threading.Condition()
    state = {"in_flight": 0}

    def done(_):
        with cond:
            state["in_flight"] -= 1
            cond.notify()

    count = 0
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        for line in lines:
            with cond:
                cond.wait_for(lambda: state["in_flight"] < max_in_flight)
                state["in_flight"] += 1
            pool.submit(store, line).add_done_callback(done)
            count += 1
    return count
