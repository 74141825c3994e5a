"""Wrong: run_in_executor, then waits with a time.sleep loop on future.done(); the loop never runs, so it never completes."""

import asyncio
import time


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(None, lookup_status, order_id)
    while not future.done():
        time.sleep(0.01)
    return f"Order {order_id}: {future.result()}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
