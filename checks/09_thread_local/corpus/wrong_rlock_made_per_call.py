"""Wrong: an RLock made in each call and taken around every query makes the workers look up one id at a time."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"
_local = threading.local()


def _open_connection(db_path):
    _local.connection = sqlite3.connect(db_path)


def lookup_customers(db_path, customer_ids, workers=4):
    lock = threading.RLock()

    def lookup(customer_id):
        with lock:
            return _local.connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers, initializer=_open_connection, initargs=(db_path,)) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
