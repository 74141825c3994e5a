"""Wrong: collects the replies with asyncio.as_completed, in the order they finish."""
import asyncio


async def reply(order_id, lookup_status):
    return f"Order {order_id}: {await asyncio.to_thread(lookup_status, order_id)}"


async def reply_all(order_ids, lookup_status):
    return [await next_reply for next_reply in asyncio.as_completed(
        [reply(order_id, lookup_status) for order_id in order_ids])]
