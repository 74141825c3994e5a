"""Correct: a lookup that raises is asked again once, in a worker thread too, so the loop is never held; a second failure goes to the caller."""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    try:
        status = await asyncio.to_thread(lookup_status, order_id)
    except ConnectionError:  # the desk hiccuped: ask once more, off the loop as well
        status = await asyncio.to_thread(lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
