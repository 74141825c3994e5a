"""Racy like sample_racy_counter, with a locked read of the count and a way to
leave the lock held (for the tests of _sync.final_reading)."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def add(self):
        self.value += 1

    def take_the_lock(self):
        self.lock.acquire()

    def read(self):
        with self.lock:
            return self.value
