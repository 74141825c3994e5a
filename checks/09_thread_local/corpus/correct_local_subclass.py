"""Correct: a threading.local subclass with a connect-once method; every worker thread opens its own connection on its first task."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


class WorkerConnection(threading.local):
    connection = None  # class attribute: the default every thread starts from

    def get(self, db_path):
        if self.connection is None:
            self.connection = sqlite3.connect(db_path)  # stored for this thread only
        return self.connection


def lookup_customers(db_path, customer_ids, workers=4):
    worker_connection = WorkerConnection()

    def lookup_customer(customer_id):
        cursor = worker_connection.get(db_path).cursor()
        try:
            return cursor.execute(QUERY, (customer_id,)).fetchone()
        finally:
            cursor.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup_customer, customer_ids)))
