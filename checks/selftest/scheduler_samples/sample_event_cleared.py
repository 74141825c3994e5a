"""An Event that is set and cleared again: a waiter that looks after the clear waits
for good (a deadlock in one order, fine in the other)."""
import threading


def new_gate():
    return threading.Event()


def open_and_close(gate):
    gate.set()
    gate.clear()


def pass_through(gate):
    gate.wait()
