"""Wrong: the thread-local connection is closed and dropped at the end of every task "to not leak file handles", so each task opens a new connection instead of reusing one."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _lookup_customer(db_path, customer_id):
    if getattr(_local, "connection", None) is None:
        _local.connection = sqlite3.connect(db_path)
    try:
        return _local.connection.execute(QUERY, (customer_id,)).fetchone()
    finally:
        # tidy up so no connection stays open after the task
        _local.connection.close()
        _local.connection = None


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(_lookup_customer, [db_path] * len(customer_ids), customer_ids)
        return dict(zip(customer_ids, results))
