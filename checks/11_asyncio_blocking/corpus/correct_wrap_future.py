"""Correct: submits the lookup to a thread pool and awaits asyncio.wrap_future of its Future."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=32)


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    future = _pool.submit(lookup_status, order_id)
    status = await asyncio.wrap_future(future)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
