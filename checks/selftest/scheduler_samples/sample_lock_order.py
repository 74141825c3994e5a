"""Deadlock: two transfers take the same two locks in opposite orders."""
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self._lock = threading.Lock()


def transfer(source, target, amount):
    with source._lock:
        with target._lock:
            source.balance -= amount
            target.balance += amount
