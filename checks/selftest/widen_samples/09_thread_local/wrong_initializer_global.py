"""Wrong: the initializer stores the connection in a plain global, which each worker overwrites."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_connection = None


def _open(db_path):
    global _connection
    _connection = sqlite3.connect(db_path)


def lookup_customers(db_path, customer_ids, workers=4):
    def lookup(customer_id):
        return _connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers, initializer=_open, initargs=(db_path,)) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
