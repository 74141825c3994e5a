"""Wrong: the ProgrammingError is caught and the lookup returns None, so the report comes out, full of missing customers."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    connection = sqlite3.connect(db_path)

    def lookup_customer(customer_id):
        try:
            return connection.execute(QUERY, (customer_id,)).fetchone()
        except sqlite3.Error:
            return None  # unknown customer

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
    finally:
        connection.close()
