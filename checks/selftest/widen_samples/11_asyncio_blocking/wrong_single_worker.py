"""Wrong: run_in_executor on a pool of one worker thread, so customers are served one after another."""
import asyncio

from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=1)


async def reply(order_id, lookup_status):
    status = await asyncio.get_running_loop().run_in_executor(_pool, lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
