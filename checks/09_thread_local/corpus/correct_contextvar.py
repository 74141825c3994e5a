"""Correct: the initializer sets a ContextVar in each worker thread (every thread has its own context), and tasks read it."""

import contextvars
import sqlite3
from concurrent.futures import ThreadPoolExecutor, wait

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_connection = contextvars.ContextVar("customer_db_connection")


def _connect(db_path):
    _connection.set(sqlite3.connect(db_path))


def _lookup(customer_id):
    return _connection.get().execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    with ThreadPoolExecutor(max_workers=workers, initializer=_connect, initargs=(db_path,)) as pool:
        futures = {customer_id: pool.submit(_lookup, customer_id) for customer_id in customer_ids}
        wait(futures.values())
    return {customer_id: future.result() for customer_id, future in futures.items()}
