"""Wrong: per-thread connections via the initializer, but every query goes through a Semaphore(1), so the lookups run one at a time."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()
# sqlite is not thread-safe: only let one query touch the database file at a time
_db_gate = threading.Semaphore(1)


def _open_connection(db_path):
    _local.connection = sqlite3.connect(db_path)


def _lookup_customer(customer_id):
    with _db_gate:
        return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    with ThreadPoolExecutor(
        max_workers=workers, initializer=_open_connection, initargs=(db_path,)
    ) as pool:
        return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
