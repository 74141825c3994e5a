"""Wrong: the pool is cut to one thread (ignoring `workers`) so a single thread-local connection serves everything; the lookups no longer run in parallel."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _open(db_path):
    _local.connection = sqlite3.connect(db_path)


def _lookup(customer_id):
    return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    # sqlite3 connections do not like threads: keep to one worker thread
    with ThreadPoolExecutor(max_workers=1, initializer=_open, initargs=(db_path,)) as pool:
        return dict(zip(customer_ids, pool.map(_lookup, customer_ids)))
