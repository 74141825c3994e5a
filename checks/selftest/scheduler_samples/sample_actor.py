"""Correct without a lock: one worker thread owns the balance, and requests reach
it through a queue.Queue (an actor)."""
import queue
import threading


class Account:
    def __init__(self, balance):
        self._requests = queue.Queue()
        self._balance = balance
        self._owner = threading.Thread(target=self._serve, daemon=True, name="account owner")
        self._owner.start()

    def _serve(self):
        while True:
            amount, reply = self._requests.get()
            if self._balance >= amount:
                self._balance -= amount
                reply.put(True)
            else:
                reply.put(False)

    def withdraw(self, amount):
        reply = queue.Queue(maxsize=1)
        self._requests.put((amount, reply))
        return reply.get()

    def balance(self):
        return self._balance
