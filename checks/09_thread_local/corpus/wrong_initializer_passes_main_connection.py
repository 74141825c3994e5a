"""Wrong: the initializer stores in the thread-local the connection opened in the caller's thread, so every worker still uses a foreign connection."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _set_connection(connection):
    _local.connection = connection


def _lookup_customer(customer_id):
    return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    connection = sqlite3.connect(db_path)
    try:
        with ThreadPoolExecutor(
            max_workers=workers, initializer=_set_connection, initargs=(connection,)
        ) as pool:
            return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
    finally:
        connection.close()
