"""Wrong: submits to a pool and polls done() with time.sleep inside the coroutine, which still holds the loop."""
import asyncio

import time
from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=4)


async def reply(order_id, lookup_status):
    future = _pool.submit(lookup_status, order_id)
    while not future.done():
        time.sleep(0.001)
    return f"Order {order_id}: {future.result()}"


async def reply_all(order_ids, lookup_status):
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
