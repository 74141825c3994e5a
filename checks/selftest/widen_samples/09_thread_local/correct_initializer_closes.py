"""Correct: initializer fills a module-level threading.local; the caller submits and reads futures in order."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _open(db_path):
    _local.connection = sqlite3.connect(db_path)


def _lookup(customer_id):
    row = _local.connection.execute(QUERY, (customer_id,)).fetchone()
    return tuple(row) if row is not None else None


def lookup_customers(db_path, customer_ids, workers=4):
    with ThreadPoolExecutor(workers, initializer=_open, initargs=(db_path,)) as pool:
        futures = [pool.submit(_lookup, customer_id) for customer_id in customer_ids]
        return {customer_id: future.result() for customer_id, future in zip(customer_ids, futures)}
