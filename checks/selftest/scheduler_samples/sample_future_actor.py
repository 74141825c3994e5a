"""Correct without a lock: one worker thread owns the balance; each request carries a
Future, which the owner sets and the caller waits on, and an Event says it is ready."""
import queue
import threading
from concurrent.futures import Future


class Account:
    def __init__(self, balance):
        self._requests = queue.Queue()
        self._balance = balance
        self.ready = threading.Event()
        threading.Thread(target=self._serve, daemon=True, name="account owner").start()

    def _serve(self):
        self.ready.set()
        while True:
            amount, reply = self._requests.get()
            if self._balance >= amount:
                self._balance -= amount
                reply.set_result(True)
            else:
                reply.set_result(False)

    def withdraw(self, amount):
        self.ready.wait()
        reply = Future()
        self._requests.put((amount, reply))
        return reply.result()
