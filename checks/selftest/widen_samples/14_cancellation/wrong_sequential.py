"""Wrong: searches the shards one after another, stopping at the hit; nothing to cancel, but no concurrency at all."""


def find_first(shards, search, max_workers=8):
    for shard in shards:
        order = search(shard)
        if order is not None:
            return order
    return None
