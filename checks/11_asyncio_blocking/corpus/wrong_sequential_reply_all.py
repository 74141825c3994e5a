"""Wrong: reply uses to_thread, but reply_all awaits each reply in turn, so only one lookup runs at a time."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    status = await asyncio.to_thread(lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    replies = []
    for order_id in order_ids:
        replies.append(await reply(order_id, lookup_status))
    return replies
