"""Wrong: reply_all sends ALL lookups to a single to_thread call: the loop is free, but the lookups run one by one."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    status = await asyncio.to_thread(lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    # One hop to a worker thread for the whole batch instead of one per order.
    statuses = await asyncio.to_thread(lambda: [lookup_status(order_id) for order_id in order_ids])
    return [f"Order {order_id}: {status}" for order_id, status in zip(order_ids, statuses)]
