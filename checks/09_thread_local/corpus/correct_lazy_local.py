"""Correct: each task opens its thread's connection on first use (getattr on a threading.local) and reuses it afterwards."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    per_thread = threading.local()  # a new one per report: no connection outlives its call

    def connection():
        conn = getattr(per_thread, "connection", None)
        if conn is None:  # first task on this worker thread
            conn = per_thread.connection = sqlite3.connect(db_path)
        return conn

    def lookup_customer(customer_id):
        return connection().execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = pool.map(lookup_customer, customer_ids)
        return dict(zip(customer_ids, rows))
