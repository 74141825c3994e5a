"""Correct: create_task for every reply first, then await them in order."""
import asyncio


async def reply(order_id, lookup_status):
    return f"Order {order_id}: {await asyncio.to_thread(lookup_status, order_id)}"


async def reply_all(order_ids, lookup_status):
    tasks = [asyncio.create_task(reply(order_id, lookup_status)) for order_id in order_ids]
    return [await task for task in tasks]
