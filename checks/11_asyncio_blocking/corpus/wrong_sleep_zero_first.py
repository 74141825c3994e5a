"""Wrong: await asyncio.sleep(0) before the lookup yields once, but the blocking call still holds the loop."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    await asyncio.sleep(0)  # let the other coroutines run first
    status = lookup_status(order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
