"""Correct: run_in_executor with a lambda; reply_all uses asyncio.wait, then reads tasks in input order."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    status = await loop.run_in_executor(None, lambda: lookup_status(order_id))
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    tasks = [asyncio.ensure_future(reply(order_id, lookup_status)) for order_id in order_ids]
    if not tasks:
        return []
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
