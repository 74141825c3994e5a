"""Wrong: a one-thread executor for the order desk frees the loop but runs the lookups one after another."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

# One connection to the order desk is enough.
_order_desk = ThreadPoolExecutor(max_workers=1)


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(_order_desk, lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
