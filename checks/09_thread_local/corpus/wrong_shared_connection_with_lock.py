"""Wrong: a shared check_same_thread=False connection behind a Lock; safe-ish, but the connection is opened in the caller's thread and shared, not one per worker."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    connection = sqlite3.connect(db_path, check_same_thread=False)
    connection_lock = threading.Lock()  # one query at a time on the shared connection

    def lookup_customer(customer_id):
        with connection_lock:
            return connection.execute(QUERY, (customer_id,)).fetchone()

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
    finally:
        connection.close()
