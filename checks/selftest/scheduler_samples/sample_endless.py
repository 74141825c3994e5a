"""Pathological: a loop that never ends."""


class Spinner:
    def __init__(self):
        self.turns = 0

    def spin(self):
        while True:
            self.turns += 1
