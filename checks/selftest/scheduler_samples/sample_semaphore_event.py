"""Correct: a Semaphore as a mutex, and an Event that publishes a result."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._gate = threading.BoundedSemaphore(1)

    def add(self):
        with self._gate:
            self.value += 1


class Publication:
    def __init__(self):
        self.data = None
        self.ready = threading.Event()

    def publish(self, data):
        self.data = data
        self.ready.set()

    def read(self):
        self.ready.wait()
        return self.data
