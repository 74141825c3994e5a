"""Wrong: the first attempt runs in a thread, but the retry after a failed lookup calls lookup_status directly on the event loop, freezing the bot exactly when the desk is flaky."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    try:
        status = await loop.run_in_executor(None, lookup_status, order_id)
    except Exception:
        # the desk hiccuped: try once more before giving up
        status = lookup_status(order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
