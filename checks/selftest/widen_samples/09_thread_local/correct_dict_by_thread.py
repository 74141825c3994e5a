"""Correct: a dict from thread ident to its own connection, filled by the initializer under a lock."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    connections = {}
    lock = threading.Lock()

    def open_connection():
        connection = sqlite3.connect(db_path)
        with lock:
            connections[threading.get_ident()] = connection

    def lookup(customer_id):
        with lock:
            connection = connections[threading.get_ident()]
        return connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=workers, initializer=open_connection) as pool:
        futures = {customer_id: pool.submit(lookup, customer_id) for customer_id in customer_ids}
        report = {customer_id: future.result() for customer_id, future in futures.items()}
    for connection in connections.values():
        pass  # each is closed when garbage-collected, in any thread
    return report
