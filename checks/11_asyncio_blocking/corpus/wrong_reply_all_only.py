"""Wrong: fixes reply_all with run_in_executor but leaves reply itself blocking, and reply is a public entry point."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    status = lookup_status(order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    loop = asyncio.get_running_loop()
    statuses = await asyncio.gather(
        *(loop.run_in_executor(None, lookup_status, order_id) for order_id in order_ids)
    )
    return [f"Order {order_id}: {status}" for order_id, status in zip(order_ids, statuses)]
