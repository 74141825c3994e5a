"""Wrong: the initializer opens a connection per worker but stores it in a plain module global, so the workers overwrite each other's and use another thread's connection."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_connection = None


def _open_connection(db_path):
    global _connection
    _connection = sqlite3.connect(db_path)


def _lookup_customer(customer_id):
    return _connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    with ThreadPoolExecutor(
        max_workers=workers, initializer=_open_connection, initargs=(db_path,)
    ) as pool:
        return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
