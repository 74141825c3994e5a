"""Racy: a module-level counter changed with `global`."""
count = 0


def add():
    global count
    count += 1
