"""Wrong: no lock at all; two increments can both read the same value (a lost update)."""


class Counter:
    def __init__(self, start):
        self._value = start

    def increment(self):
        self._value += 1
        return self._value

    def value(self):
        return self._value
