"""Correct: a BoundedSemaphore(1) acquired/released by hand (try/finally) around every read and write."""

import threading


class GiftCard:
    def __init__(self, balance):
        self._balance = balance
        self._mutex = threading.BoundedSemaphore(1)

    def balance(self):
        self._mutex.acquire()
        try:
            return self._balance
        finally:
            self._mutex.release()

    def top_up(self, amount):
        self._mutex.acquire()
        try:
            self._balance += amount
        finally:
            self._mutex.release()

    def charge(self, amount):
        self._mutex.acquire()
        try:
            approved = self._balance >= amount
            if approved:
                self._balance -= amount
        finally:
            self._mutex.release()
        return approved
