"""Wrong: opens a new connection in every task, so each worker opens many."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    def lookup(customer_id):
        connection = sqlite3.connect(db_path)
        try:
            return connection.execute(QUERY, (customer_id,)).fetchone()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
