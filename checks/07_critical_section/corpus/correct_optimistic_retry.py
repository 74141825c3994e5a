"""Correct: optimistic concurrency; charge reads balance and version, decides unlocked, commits under the lock only if the version is unchanged, else retries."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._version = 0
        self._lock = threading.Lock()

    def _snapshot(self):
        with self._lock:
            return self._balance, self._version

    def balance(self):
        return self._snapshot()[0]

    def top_up(self, amount):
        with self._lock:
            self._balance += amount
            self._version += 1

    def charge(self, amount):
        while True:
            seen, version = self._snapshot()
            if seen < amount:
                # `seen` was the real balance at some instant: refusing then is fair
                return False
            with self._lock:
                if self._version == version:  # nobody changed the card meanwhile
                    self._balance = seen - amount
                    self._version += 1
                    return True
            # someone else got in first: look again
