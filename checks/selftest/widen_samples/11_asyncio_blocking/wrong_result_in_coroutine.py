"""Wrong: submits to a pool, then waits with future.result() inside the coroutine, holding the loop."""
import asyncio

from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=4)


async def reply(order_id, lookup_status):
    status = _pool.submit(lookup_status, order_id).result()
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
