"""Wrong: runs the lookup in a threading.Thread, then join()s it inside the coroutine, which blocks the loop."""

import asyncio
import threading


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    result = {}

    def work():
        result["status"] = lookup_status(order_id)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    return f"Order {order_id}: {result['status']}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
