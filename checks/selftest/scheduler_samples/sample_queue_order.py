"""Queues whose results depend on the order of a put and a get: a LIFO queue (the
newest item first) and get_nowait() (nothing yet, or the item)."""
import queue


def lifo_with_one_item():
    stack = queue.LifoQueue()
    stack.put("old")
    return stack


def fifo_with_one_item():
    line = queue.Queue()
    line.put("old")
    return line


def empty_fifo():
    return queue.Queue()


def put_new(q):
    q.put("new")


def take(q):
    return q.get()


def take_if_there(q):
    try:
        return q.get_nowait()
    except queue.Empty:
        return None
