"""Correct: initializer=functools.partial(...) opens the worker's connection into a threading.local; tasks return (id, row) pairs through map."""

import functools
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_mine = threading.local()


def _open(db_path):
    _mine.connection = sqlite3.connect(db_path)
    _mine.db_path = db_path


def _row_for(customer_id):
    row = _mine.connection.execute(QUERY, (customer_id,)).fetchone()
    return customer_id, None if row is None else tuple(row)


def lookup_customers(db_path, customer_ids, workers=4):
    pool = ThreadPoolExecutor(max_workers=workers, initializer=functools.partial(_open, db_path))
    try:
        return dict(pool.map(_row_for, customer_ids))
    finally:
        pool.shutdown(wait=True)
