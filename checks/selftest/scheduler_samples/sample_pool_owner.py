"""One pool owns the balance: every call submits a job to it and waits for the result.
With one worker each job is indivisible; a withdrawal split into two jobs is not."""
import threading
from concurrent.futures import ThreadPoolExecutor


class Account:
    def __init__(self, balance, workers=1):
        self._balance = balance
        self._owner = ThreadPoolExecutor(max_workers=workers)

    def _withdraw(self, amount):
        if self._balance >= amount:
            self._balance -= amount
            return True
        return False

    def withdraw(self, amount):
        return self._owner.submit(self._withdraw, amount).result()

    def _covers(self, amount):
        return self._balance >= amount

    def _take(self, amount):
        self._balance -= amount

    def withdraw_in_two_jobs(self, amount):
        if self._owner.submit(self._covers, amount).result():
            self._owner.submit(self._take, amount).result()
            return True
        return False

    def worker_name(self):
        """Which of the pool's workers ran this call's job."""
        return self._owner.submit(lambda: threading.current_thread().name).result()
