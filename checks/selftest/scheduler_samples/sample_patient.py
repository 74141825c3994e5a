"""Sleeps and clocks: waits that last seconds of (virtual) time."""
import threading
import time


class Courier:
    def __init__(self):
        self.delivered = threading.Event()
        self.log = []

    def deliver_after(self, seconds):
        time.sleep(seconds)
        self.log.append(("delivered", time.monotonic()))
        self.delivered.set()

    def wait_for_delivery(self, grace):
        started = time.monotonic()
        arrived = self.delivered.wait(grace)
        return arrived, round(time.monotonic() - started, 6)


def _slow(seconds):
    time.sleep(seconds)
    return seconds


def first_results_within(seconds, delays):
    """The results as_completed hands over before its timeout (pool of its own)."""
    from concurrent.futures import ThreadPoolExecutor, TimeoutError, as_completed

    got = []
    with ThreadPoolExecutor(max_workers=len(delays)) as pool:
        try:
            for future in as_completed([pool.submit(_slow, delay) for delay in delays], timeout=seconds):
                got.append(future.result())
        except TimeoutError:
            got.append("timeout")
    return got
