"""Wrong: wraps lookup_status in an async def and awaits it; the body still runs the blocking call on the loop."""

import asyncio


async def lookup_async(lookup_status, order_id):
    return lookup_status(order_id)


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    status = await asyncio.create_task(lookup_async(lookup_status, order_id))
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
