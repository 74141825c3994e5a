"""Correct: a plain threading.Thread does the lookup and resolves an asyncio Future via call_soon_threadsafe."""

import asyncio
import threading


def _lookup_in_thread(loop, future, lookup_status, order_id):
    try:
        status = lookup_status(order_id)
    except BaseException as error:  # hand any failure back to the awaiting coroutine
        loop.call_soon_threadsafe(_settle, future, None, error)
    else:
        loop.call_soon_threadsafe(_settle, future, status, None)


def _settle(future, status, error):
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(status)


async def reply(order_id, lookup_status):
    """The bot's answer to a customer asking about one order."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    threading.Thread(
        target=_lookup_in_thread, args=(loop, future, lookup_status, order_id), daemon=True
    ).start()
    status = await future
    return f"Order {order_id}: {status}"


async def reply_all(order_ids, lookup_status):
    """Answer several customers at once. The replies come back in the order of
    `order_ids`, one per order."""
    return await asyncio.gather(*(reply(order_id, lookup_status) for order_id in order_ids))
