"""Wrong: a queue of opened connections handed out to tasks, so a connection moves between threads."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

import queue


def lookup_customers(db_path, customer_ids, workers=4):
    free = queue.Queue()
    for _ in range(workers):
        free.put(sqlite3.connect(db_path, check_same_thread=False))

    def lookup(customer_id):
        connection = free.get()
        try:
            return connection.execute(QUERY, (customer_id,)).fetchone()
        finally:
            free.put(connection)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
