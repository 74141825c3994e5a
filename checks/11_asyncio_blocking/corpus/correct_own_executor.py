"""Correct: a module-level ThreadPoolExecutor dedicated to the order desk, used via run_in_executor."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

# The order desk gets its own threads, so it cannot starve other blocking work.
_order_desk = ThreadPoolExecutor(max_workers=16, thread_name_prefix="order-desk")


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(_order_desk, lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
