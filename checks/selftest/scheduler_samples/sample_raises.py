"""Check-then-act on a dict: the second delete raises KeyError."""


class Cache:
    def __init__(self):
        self.items = {"a": 1}

    def evict(self, key):
        if key in self.items:
            del self.items[key]
