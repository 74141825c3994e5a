"""Wrong: per-thread connections via threading.local and the initializer, but the pool size is hard-coded to 4 and the workers argument is ignored."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

POOL_SIZE = 4  # four connections is plenty for sqlite

_local = threading.local()


def _open_connection(db_path):
    _local.connection = sqlite3.connect(db_path)


def _lookup_customer(customer_id):
    return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    with ThreadPoolExecutor(
        max_workers=POOL_SIZE, initializer=_open_connection, initargs=(db_path,)
    ) as pool:
        return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
