"""Wrong: submits the lookup to a thread pool but then waits with future.result() inside the coroutine, blocking the loop."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=16)


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    future = _pool.submit(lookup_status, order_id)
    status = future.result()
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
