"""The "where is my order?" part of an async customer-support chat bot.

The bot is built on asyncio: one event loop serves every customer's chat, and keeps the
connection to the chat server alive with a heartbeat. Order statuses come from the
warehouse's old order desk, whose client library is synchronous: `lookup_status(order_id)`
blocks until the desk answers, which can take seconds.
"""

import asyncio


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    # A blocking call made directly in a coroutine holds the event loop's only thread:
    # nothing else runs until it returns. asyncio.to_thread runs it in a worker thread
    # (the loop's default ThreadPoolExecutor) and gives the loop back while it waits.
    # `await loop.run_in_executor(None, lookup_status, order_id)` does the same.
    status = await asyncio.to_thread(lookup_status, order_id)
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    # gather runs the replies concurrently and returns their results in argument order.
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
