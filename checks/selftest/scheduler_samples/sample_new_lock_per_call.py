"""Wrong fix: a new lock for every call protects nothing."""
import threading


class Counter:
    def __init__(self):
        self.value = 0

    def add(self):
        with threading.Lock():
            self.value += 1
