"""Wrong: each worker has its own connection, but a module-level lock around every lookup ("sqlite is not thread-safe") runs the queries one at a time."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

# One object, but every thread that touches it sees its own attributes: a worker
# thread's `_local.connection` is the connection that thread opened.
_local = threading.local()
_db_lock = threading.Lock()  # sqlite is not thread-safe, so one lookup at a time


def _open_connection(db_path):
    """The pool's initializer: runs once in each worker thread, before its first task,
    so each worker opens exactly one connection, in the thread that will use it."""
    _local.connection = sqlite3.connect(db_path)


def _lookup_customer(customer_id):
    # Every task this worker runs reuses the worker's own connection.
    with _db_lock:
        return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    # When the pool shuts down, its worker threads end and their thread-local data
    # is dropped; each connection is then closed when it is garbage-collected.
    with ThreadPoolExecutor(max_workers=workers, initializer=_open_connection,
                            initargs=(db_path,)) as pool:
        return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
