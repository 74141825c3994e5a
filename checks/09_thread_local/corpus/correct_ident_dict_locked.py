"""Correct: a per-call dict of connections keyed by threading.get_ident(), each opened by the worker thread itself, with a lock guarding only the dict."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    connections = {}  # thread id -> that thread's connection, for this call only
    connections_lock = threading.Lock()

    def get_connection():
        ident = threading.get_ident()
        with connections_lock:
            connection = connections.get(ident)
        if connection is None:
            connection = sqlite3.connect(db_path)  # opened in the worker thread
            with connections_lock:
                connections[ident] = connection
        return connection

    def lookup_customer(customer_id):
        # the query itself runs outside the lock, on this thread's own connection
        return get_connection().execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
