"""Wrong: calls lookup_status(order_id) on the loop and hands its result to to_thread."""
import asyncio


async def reply(order_id, lookup_status):
    status = await asyncio.to_thread(lambda s: s, lookup_status(order_id))
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
