"""Inputs the checks draw, from a random.Random seeded by the repetition (so each
repetition draws anew, and a failure is drawn again when it is graded again)."""


def with_a_repeat(rng, items):
    """`items` with one of them listed a second time, at a random later place."""
    items = list(items)
    first = rng.randrange(len(items))
    items.insert(rng.randint(first + 1, len(items)), items[first])
    return items
