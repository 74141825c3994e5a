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
