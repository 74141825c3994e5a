"""Correct: loop.run_in_executor(None, ...) on the loop's default executor."""
import asyncio


async def reply(order_id, lookup_status):
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(None, lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
