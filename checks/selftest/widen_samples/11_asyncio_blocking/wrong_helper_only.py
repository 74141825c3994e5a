"""Wrong: reply_all runs the lookups in threads itself, but reply, also public, still blocks the loop."""
import asyncio


async def reply(order_id, lookup_status):
    return f"Order {order_id}: {lookup_status(order_id)}"


async def reply_all(order_ids, lookup_status):
    statuses = await asyncio.gather(*(asyncio.to_thread(lookup_status, o) for o in order_ids))
    return [f"Order {o}: {s}" for o, s in zip(order_ids, statuses)]
