"""Correct: a module-level ThreadPoolExecutor of 8 workers given to run_in_executor."""
import asyncio

from concurrent.futures import ThreadPoolExecutor

_desk_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="order-desk")


async def reply(order_id, lookup_status):
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(_desk_pool, lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    return list(await asyncio.gather(*[reply(o, lookup_status) for o in order_ids]))
