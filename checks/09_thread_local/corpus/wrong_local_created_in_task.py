"""Wrong: threading.local() is created inside the task, so it is new (and empty) for every task and each lookup opens a fresh connection."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    def lookup_customer(customer_id):
        data = threading.local()
        if not hasattr(data, "connection"):
            data.connection = sqlite3.connect(db_path)
        return data.connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
