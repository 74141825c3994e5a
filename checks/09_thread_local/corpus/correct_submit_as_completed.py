"""Correct: initializer stores the connection in a threading.local; tasks are submitted one per id and gathered with as_completed."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

QUERY = "SELECT name, country FROM customers WHERE id = ?"

thread_data = threading.local()


def connect_worker(db_path):
    thread_data.db = sqlite3.connect(db_path)


def find_customer(customer_id):
    cursor = thread_data.db.execute(QUERY, (customer_id,))
    return cursor.fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    report = {}
    with ThreadPoolExecutor(workers, initializer=connect_worker, initargs=(db_path,)) as pool:
        future_to_id = {pool.submit(find_customer, cid): cid for cid in customer_ids}
        for future in as_completed(future_to_id):
            report[future_to_id[future]] = future.result()
    return report
