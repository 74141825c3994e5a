"""Correct: run_in_executor with functools.partial; reply_all creates tasks and awaits them in order."""

import asyncio
import functools


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(None, functools.partial(lookup_status, order_id))
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    tasks = [asyncio.create_task(reply(order_id, lookup_status)) for order_id in order_ids]
    return [await task for task in tasks]
