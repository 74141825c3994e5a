"""Wrong: the pool is sized min(workers, len(customer_ids)), so an empty list of ids raises ValueError instead of returning {}; breaks "Returns {customer_id: (name, country)}"."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _open(db_path):
    _local.connection = sqlite3.connect(db_path)


def _lookup_customer(customer_id):
    return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    customer_ids = list(customer_ids)
    # a connection is expensive: never open more than there are ids to look up
    with ThreadPoolExecutor(
        max_workers=min(workers, len(customer_ids)),
        initializer=_open,
        initargs=(db_path,),
    ) as pool:
        return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
