"""Correct: wasteful but right, each reply opens its own one-thread pool and awaits run_in_executor inside the with block."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The await finishes before the with block exits, so shutdown() has nothing to wait for.
        status = await loop.run_in_executor(pool, lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
