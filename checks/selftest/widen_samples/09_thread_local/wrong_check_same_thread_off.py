"""Wrong: one shared connection with check_same_thread=False, used by every worker at once."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    connection = sqlite3.connect(db_path, check_same_thread=False)

    def lookup(customer_id):
        return connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
