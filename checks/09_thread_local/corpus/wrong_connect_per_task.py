"""Wrong: every task opens (and closes) its own connection: it works, but opens one connection per id instead of one per worker thread."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    def lookup_customer(customer_id):
        connection = sqlite3.connect(db_path)  # opened in the thread that uses it
        try:
            return connection.execute(QUERY, (customer_id,)).fetchone()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
