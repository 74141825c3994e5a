"""Timed, non-blocking and condition waits, and two ways to wait forever."""
import threading


class Desk:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.cond = threading.Condition()
        self.log = []

    def hold_until_done(self):
        with self.lock:
            self.log.append(("holder sees locked", self.lock.locked()))
            self.done.wait()

    def try_with_timeout(self):
        if self.lock.acquire(timeout=5):
            self.log.append("got it")
            self.lock.release()
        else:
            self.log.append("timed out")
        self.done.set()

    def try_without_blocking(self):
        if self.lock.acquire(blocking=False):
            self.log.append("got it")
            self.lock.release()
        else:
            self.log.append("busy")
        self.done.set()

    def take_then_finish(self):
        with self.lock:
            self.log.append("got it")
        self.done.set()

    def wait_for_notify(self, timeout=None):
        with self.cond:
            return self.cond.wait(timeout)

    def wait_for_event(self, timeout=None):
        return self.done.wait(timeout)
