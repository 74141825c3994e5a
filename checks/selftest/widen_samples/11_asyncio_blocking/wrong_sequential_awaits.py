"""Wrong: to_thread is right, but reply_all awaits each reply before starting the next."""
import asyncio


async def reply(order_id, lookup_status):
    return f"Order {order_id}: {await asyncio.to_thread(lookup_status, order_id)}"


async def reply_all(order_ids, lookup_status):
    return [await reply(order_id, lookup_status) for order_id in order_ids]
