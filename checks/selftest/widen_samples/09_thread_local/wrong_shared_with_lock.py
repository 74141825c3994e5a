"""Wrong: one shared connection (check_same_thread=False) behind a lock; queries serialised, still shared."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    connection = sqlite3.connect(db_path, check_same_thread=False)
    lock = threading.Lock()

    def lookup(customer_id):
        with lock:
            return connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
