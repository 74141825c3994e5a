"""Correct: a module-level threading.local() filled by the pool's initializer; each task queries its own thread's connection."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _open_connection(db_path):
    # runs once in each worker thread, before its first task
    _local.connection = sqlite3.connect(db_path)


def _lookup_customer(customer_id):
    return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    """Return {customer_id: (name, country) or None}, one task per id on `workers` threads."""
    with ThreadPoolExecutor(
        max_workers=workers, initializer=_open_connection, initargs=(db_path,)
    ) as pool:
        return dict(zip(customer_ids, pool.map(_lookup_customer, customer_ids)))
