"""Correct: a per-call dict maps each worker thread's ident to the connection it opened (guarded by a Lock); a thread only ever uses its own entry."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    connections = {}  # thread ident -> that thread's connection, for this call only
    registry_lock = threading.Lock()

    def open_for_this_thread():
        connection = sqlite3.connect(db_path)
        with registry_lock:
            connections[threading.get_ident()] = connection

    def lookup_customer(customer_id):
        with registry_lock:
            connection = connections[threading.get_ident()]
        return customer_id, connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers, initializer=open_for_this_thread) as pool:
        return dict(pool.map(lookup_customer, customer_ids))
