"""Correct: submit to a pool and await asyncio.wrap_future of the concurrent Future."""
import asyncio

from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=6)


async def reply(order_id, lookup_status):
    status = await asyncio.wrap_future(_pool.submit(lookup_status, order_id))
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
