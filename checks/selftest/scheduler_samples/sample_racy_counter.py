"""Racy: the read and the write of `+=` can be separated by another thread."""


class Counter:
    def __init__(self):
        self.value = 0

    def add(self):
        self.value += 1
