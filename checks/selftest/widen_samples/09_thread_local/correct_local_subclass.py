"""Correct: a threading.local subclass whose __init__ opens the connection in each thread that touches it."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    class PerThread(threading.local):
        def __init__(self):
            self.connection = sqlite3.connect(db_path)

    data = PerThread.__new__(PerThread)

    def lookup(customer_id):
        return data.connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
