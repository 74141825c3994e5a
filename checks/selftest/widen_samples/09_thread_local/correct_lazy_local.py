"""Correct: each task opens its thread's connection on first use, kept in threading.local() for that call's pool."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    local = threading.local()

    def lookup(customer_id):
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = sqlite3.connect(db_path)
        return connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
