"""Wrong: one connection opened with check_same_thread=False and shared by every pool thread; the error is gone but the connection is still shared."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    # the pool threads may use the connection too
    connection = sqlite3.connect(db_path, check_same_thread=False)

    def lookup_customer(customer_id):
        return connection.execute(QUERY, (customer_id,)).fetchone()

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
    finally:
        connection.close()
