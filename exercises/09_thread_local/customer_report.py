"""The monthly revenue report of a web shop. Invoices only store customer ids; the
report needs each customer's name and country, which live in the CRM's SQLite
database file.

A report covers thousands of customers and every lookup waits on the disk, so the
lookups run on a thread pool: one task per customer id.
"""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    # TODO: every lookup fails with "SQLite objects created in a thread can only be
    # used in that same thread", and the report never comes out.
    connection = sqlite3.connect(db_path)

    def lookup_customer(customer_id):
        return connection.execute(QUERY, (customer_id,)).fetchone()

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
    finally:
        connection.close()
